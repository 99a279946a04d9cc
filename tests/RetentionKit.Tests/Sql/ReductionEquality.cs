using System.Text.Json;
using RetentionKit.Cli;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Reductions;

namespace RetentionKit.Tests.Sql;

/// <summary>Holds an engine's reduction against the in-memory one: counts exactly, money to 1e-9, every metric.</summary>
internal static class ReductionEquality
{
    public static void Same(ReducedTransactions memory, ReducedTransactions engine, SuiteOptions? options = null, bool sameFile = true)
    {
        var (a, b) = (memory.Report, engine.Report);
        Assert.Equal(a.RowsRead, b.RowsRead);
        Assert.Equal(a.RowsAccepted, b.RowsAccepted);
        Assert.Equal(a.RowsRejected, b.RowsRejected);
        Assert.True(b.Reconciles);
        Assert.Equal(a.RowsWithoutCustomer, b.RowsWithoutCustomer);
        if (sameFile) Assert.Equal(a.DuplicateRows, b.DuplicateRows);
        Assert.Equal(a.Customers, b.Customers);
        Assert.Equal(a.Orders, b.Orders);
        Assert.Equal(a.ReturnInvoices, b.ReturnInvoices);
        Assert.Equal(a.InvoicesWithoutCustomer, b.InvoicesWithoutCustomer);
        Assert.Equal(a.ReturnRows, b.ReturnRows);
        Assert.Equal(a.FirstTimestamp, b.FirstTimestamp);
        Assert.Equal(a.LastTimestamp, b.LastTimestamp);
        Close(a.NetRevenue, b.NetRevenue, "net revenue");
        foreach (var k in Enum.GetValues<LineKind>()) Assert.Equal(a.Lines.GetValueOrDefault(k), b.Lines.GetValueOrDefault(k));
        if (sameFile) Assert.Equal(a.ColumnMapping.OrderBy(p => p.Key), b.ColumnMapping.OrderBy(p => p.Key));

        var (h, g) = (memory.History, engine.History);
        Assert.Equal(h.CustomerIds, g.CustomerIds);
        Assert.Equal(h.OrderCount, g.OrderCount);
        for (int c = 0; c < h.CustomerCount; c++)
        {
            Assert.Equal(h.OrderTimesOf(c), g.OrderTimesOf(c));
            var (x, y) = (h.OrderValuesOf(c).ToArray(), g.OrderValuesOf(c).ToArray());
            for (int i = 0; i < x.Length; i++) Close(x[i], y[i], $"customer {h.CustomerIds[c]} order {i}");
        }
        Json(MetricsCommand.ToJson(MetricSuite.Compute(memory, options), memory.Report), MetricsCommand.ToJson(MetricSuite.Compute(engine, options), engine.Report));
    }

    public static void Close(double x, double y, string what)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) { Assert.True(double.IsNaN(x) && double.IsNaN(y), $"{what}: {x} against {y}"); return; }
        Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{what}: {x:R} in memory, {y:R} in the engine");
    }

    // Every field of the metrics' JSON (the report's load section aside: its format and warnings say which engine read the file).
    private static void Json(object memory, object engine) => SameJson(RetentionKit.Cli.Json.Write(memory), RetentionKit.Cli.Json.Write(engine));

    /// <summary>Two JSON texts agree field by field, numbers to 1e-9 (sums in another order), the load section aside.</summary>
    public static void SameJson(string memory, string engine) => Walk(JsonDocument.Parse(memory).RootElement, JsonDocument.Parse(engine).RootElement, "$");

    private static void Walk(JsonElement x, JsonElement y, string path)
    {
        if (path is "$.load" or "$.source") return;
        Assert.True(x.ValueKind == y.ValueKind, $"{path}: {x.ValueKind} against {y.ValueKind}");
        switch (x.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in x.EnumerateObject()) { Assert.True(y.TryGetProperty(p.Name, out var q), $"{path}.{p.Name} missing"); Walk(p.Value, q, $"{path}.{p.Name}"); }
                break;
            case JsonValueKind.Array:
                Assert.True(x.GetArrayLength() == y.GetArrayLength(), $"{path}: {x.GetArrayLength()} items against {y.GetArrayLength()}");
                int i = 0;
                foreach (var (p, q) in x.EnumerateArray().Zip(y.EnumerateArray())) Walk(p, q, $"{path}[{i++}]");
                break;
            case JsonValueKind.Number: Close(x.GetDouble(), y.GetDouble(), path); break;
            default: Assert.True(x.ToString() == y.ToString(), $"{path}: '{x}' against '{y}'"); break;
        }
    }
}
