using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace RetentionKit.Interactive;

/// <summary>
/// HTML display for notebooks: result records show their summary, their table and their warnings; DataFrames show
/// their first rows and the row count; charts draw, with plotly.js sent once per session. One call registers
/// everything: <c>RetentionKit.Interactive.RetentionFormatters.Register();</c> (the .NET Interactive kernel's
/// extension discovery needs the kernel package, which the kit does not take on).
/// </summary>
public static class RetentionFormatters
{
    private static readonly object Gate = new();
    private static bool _registered;
    private static bool _plotlySent;
    private static int _charts;

    /// <summary>Rows of a DataFrame shown before "… N more rows".</summary>
    public static int MaxRows { get; set; } = 20;

    /// <summary>Whether the chart formatter is registered (false where Plotly.NET or its FSharp.Core cannot load).</summary>
    public static bool ChartsAvailable { get; private set; }

    /// <summary>Why charts are unavailable, when they are.</summary>
    public static string? ChartsUnavailableReason { get; private set; }

    /// <summary>Registers the formatters once; later calls do nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
            Formatter.Register<DataFrame>((frame, writer) => writer.Write(FrameHtml(frame, MaxRows)), "text/html");
            Formatter.Register<Rate>((rate, writer) => writer.Write(WebUtility.HtmlEncode(rate.ToString())), "text/html");
            foreach (var type in ResultTypes()) Formatter.Register(type, (obj, writer) => writer.Write(ResultHtml(obj)), "text/html");
            try { RegisterCharts(); ChartsAvailable = true; }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
            {
                // The last .NET Interactive kernel ships FSharp.Core 10.0; Plotly.NET 6 needs 10.1. The core formatters still work.
                ChartsUnavailableReason = $"charts need Plotly.NET 6 with FSharp.Core 10.1 or later, which this host cannot load ({e.GetType().Name}: {e.Message})";
            }
        }
    }

    /// <summary>Starts a new display session: the next chart sends plotly.js again (the runner calls this per notebook).</summary>
    public static void ResetSession() { lock (Gate) { _plotlySent = false; _charts = 0; } }

    // Kept out of Register so Plotly.NET's types are only touched here, inside the try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterCharts() =>
        Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(ChartHtmlOnce(chart)), "text/html");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ChartHtmlOnce(Plotly.NET.GenericChart chart)
    {
        bool first;
        int n;
        lock (Gate) { first = !_plotlySent; _plotlySent = true; n = ++_charts; }
        // Numbered, not random: a re-run notebook must give identical outputs.
        var id = "rk-chart-" + n.ToString(CultureInfo.InvariantCulture);
        return (first ? RetentionKit.Charts.ChartHtml.PlotlyScriptTag() : "") + RetentionKit.Charts.ChartHtml.Div(chart, id);
    }

    /// <summary>The kit's public result types: classes with a table (ToDataFrame), warnings, or their own readable ToString (fits, summaries).</summary>
    internal static IEnumerable<Type> ResultTypes() =>
        typeof(Rate).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && !typeof(Exception).IsAssignableFrom(t)
            && (t.GetMethod("ToDataFrame", BindingFlags.Public | BindingFlags.Instance) is not null || t.GetProperty("Warnings") is not null
                || t.GetMethod("ToString", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.DeclaringType == t && !t.Name.EndsWith("Options", StringComparison.Ordinal)));

    /// <summary>Summary line, table and warnings of a result.</summary>
    internal static string ResultHtml(object result)
    {
        var sb = new StringBuilder("<div class=\"rk-result\">");
        var summary = result.ToString() ?? "";
        sb.Append("<pre style=\"white-space:pre-wrap;margin:0 0 6px\">").Append(WebUtility.HtmlEncode(summary.Trim())).Append("</pre>");
        var toFrame = result.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == "ToDataFrame" && m.GetParameters().All(p => p.IsOptional));
        if (toFrame?.Invoke(result, toFrame.GetParameters().Select(_ => Type.Missing).ToArray()) is DataFrame frame) sb.Append(FrameHtml(frame, MaxRows));
        if (result.GetType().GetProperty("Warnings")?.GetValue(result) is IEnumerable warnings)
        {
            var list = warnings.Cast<object>().Select(w => w.ToString()).ToList();
            if (list.Count > 0)
            {
                sb.Append("<ul style=\"background:#fff8ec;border-left:4px solid #E69F00;padding:6px 6px 6px 28px\">");
                foreach (var w in list) sb.Append("<li>").Append(WebUtility.HtmlEncode(w)).Append("</li>");
                sb.Append("</ul>");
            }
        }
        return sb.Append("</div>").ToString();
    }

    /// <summary>The first <paramref name="maxRows"/> rows as an HTML table, and the size.</summary>
    internal static string FrameHtml(DataFrame frame, int maxRows)
    {
        var sb = new StringBuilder("<table class=\"rk-frame\"><thead><tr>");
        foreach (var c in frame.Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        long shown = Math.Min(frame.Rows.Count, maxRows);
        for (long r = 0; r < shown; r++)
        {
            sb.Append("<tr>");
            foreach (var c in frame.Columns) sb.Append("<td>").Append(WebUtility.HtmlEncode(Cell(c[r]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#57606a;font-size:12px\">{frame.Rows.Count:N0} rows × {frame.Columns.Count} columns{(frame.Rows.Count > shown ? $"; first {shown} shown" : "")}</p>");
        return sb.ToString();
    }

    private static string Cell(object? v) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "n/a",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
