using System.Text.Json;
using Plotly.NET;
using Figure = RetentionKit.Charts.Figure;

namespace RetentionKit.Plotly;

/// <summary>
/// The kit's charts as Plotly.NET charts, to combine, restyle or save with Plotly.NET's own functions. Plotly.NET 6
/// needs FSharp.Core 10.1 or later: use this where that loads (file-based apps, your own programs, a current kernel);
/// the kit's <see cref="Figure"/> draws everywhere without it.
/// </summary>
public static class FigureConversion
{
    /// <summary>The figure as a Plotly.NET chart with the same traces and layout.</summary>
    public static GenericChart ToGenericChart(this Figure figure)
    {
        using var doc = JsonDocument.Parse(figure.Json);
        var traces = doc.RootElement.GetProperty("data").EnumerateArray().Select(t =>
        {
            var trace = new Trace(t.GetProperty("type").GetString()!);
            foreach (var p in t.EnumerateObject()) if (p.Name != "type") trace.SetProperty(p.Name, Value(p.Value));
            return GenericChart.ofTraceObject(false, trace);
        }).ToList();
        var layout = new Layout();
        foreach (var p in doc.RootElement.GetProperty("layout").EnumerateObject()) layout.SetProperty(p.Name, Value(p.Value));
        var chart = traces.Count == 1 ? traces[0] : GenericChart.combine(traces);
        return GenericChart.addLayout(layout, chart);
    }

    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToArray(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
