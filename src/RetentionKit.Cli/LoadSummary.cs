using System.Globalization;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary>What every command that loads a file says about the load, in text and JSON: nothing lost silently.</summary>
internal static class LoadSummary
{
    /// <summary>One line, plus a warning line when rows were rejected or ids were missing.</summary>
    public static string Text(LoadReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = string.Create(inv, $"{r.Source}: {r.RowsRead:N0} rows read = {r.RowsAccepted:N0} accepted + {r.RowsRejected:N0} rejected; {r.RowsWithoutCustomer:N0} without a customer id");
        if (Warning(r) is { } w) s += "\nwarning: " + w;
        return s;
    }

    /// <summary>The rejection warning, or null when every row was accepted.</summary>
    public static string? Warning(LoadReport r) => r.RowsRejected == 0 ? null : string.Create(CultureInfo.InvariantCulture,
        $"{r.RowsRejected:N0} of {r.RowsRead:N0} rows were rejected and are not in these numbers ({string.Join("; ", r.RejectionCounts.OrderByDescending(c => c.Value).Take(3).Select(c => $"{c.Key}: {c.Value:N0}"))}); `retention inspect {r.Source}` lists each with its line and reason.");

    public static object Json(LoadReport r) => new
    {
        source = r.Source, format = r.Format, rowsRead = r.RowsRead, rowsAccepted = r.RowsAccepted, rowsRejected = r.RowsRejected,
        rowsWithoutCustomer = r.RowsWithoutCustomer, warnings = r.Warnings.Concat(Warning(r) is { } w ? [w] : Array.Empty<string>()).ToList(),
    };
}
