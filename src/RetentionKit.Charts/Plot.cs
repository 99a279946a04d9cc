using System.Globalization;

namespace RetentionKit.Charts;

/// <summary>A plotly.js trace or layout under construction: attribute names as plotly.js spells them.</summary>
internal class PlotObject : Dictionary<string, object?>
{
    public PlotObject() : base(StringComparer.Ordinal) { }
    public void SetProperty(string name, object? value) => this[name] = value;
}

/// <summary>One plotly.js trace (scatter, bar, heatmap, …).</summary>
internal sealed class Trace : PlotObject
{
    public Trace(string type) => this["type"] = type;
}

/// <summary>A plotly.js layout.</summary>
internal sealed class Layout : PlotObject;

/// <summary>
/// Thin builder over plotly.js traces and layouts: every chart shares one palette and layout defaults, and the result
/// is a <see cref="Figure"/>, which needs no charting library to draw.
/// </summary>
internal static class Plot
{
    /// <summary>Okabe–Ito: distinguishable with the common colour-vision deficiencies.</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
    public const string Blue = "#0072B2", Orange = "#E69F00", Green = "#009E73", Vermilion = "#D55E00", Purple = "#CC79A7", Sky = "#56B4E9", Grey = "#999999";

    public static Trace Trace(string type, params (string Key, object? Value)[] properties)
    {
        var t = new Trace(type);
        foreach (var (k, v) in properties) if (v is not null) t.SetProperty(k, v);
        return t;
    }

    public static Trace Line(string name, IEnumerable<object> x, IEnumerable<double> y, string color, string dash = "solid", string mode = "lines+markers", string? hover = null) =>
        Trace("scatter", ("name", name), ("x", x.ToArray()), ("y", Clean(y)), ("mode", mode),
            ("line", new Dictionary<string, object> { ["color"] = color, ["dash"] = dash, ["width"] = 2.5 }),
            ("marker", new Dictionary<string, object> { ["color"] = color, ["size"] = 7 }), ("hovertemplate", hover));

    public static Trace Bar(string name, IEnumerable<object> x, IEnumerable<double> y, string color, string? text = null) =>
        Trace("bar", ("name", name), ("x", x.ToArray()), ("y", Clean(y)), ("marker", new Dictionary<string, object> { ["color"] = color }),
            ("texttemplate", text), ("textposition", text is null ? null : "outside"));

    /// <summary>NaN is a gap, not a zero: plotly.js draws null as a gap.</summary>
    public static object?[] Clean(IEnumerable<double> values) => values.Select(v => double.IsFinite(v) ? (object?)v : null).ToArray();

    public static Dictionary<string, object> Axis(string title, string? tickFormat = null, object? range = null, string? type = null)
    {
        var a = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title }, ["automargin"] = true, ["gridcolor"] = "#e5e5e5", ["zerolinecolor"] = "#bbbbbb" };
        if (tickFormat is not null) a["tickformat"] = tickFormat;
        if (range is not null) a["range"] = range;
        if (type is not null) a["type"] = type;
        return a;
    }

    /// <summary>A chart of the given traces with the shared layout: title, axis titles with units, legend below.</summary>
    public static Figure Chart(string title, IEnumerable<Trace> traces, Dictionary<string, object> xAxis, Dictionary<string, object> yAxis,
        Action<Layout>? extra = null, int height = 420)
    {
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title, ["x"] = 0.02, ["font"] = new Dictionary<string, object> { ["size"] = 17 } });
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        layout.SetProperty("colorway", Palette);
        layout.SetProperty("font", new Dictionary<string, object> { ["family"] = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", ["size"] = 13, ["color"] = "#222" });
        layout.SetProperty("plot_bgcolor", "#ffffff");
        layout.SetProperty("paper_bgcolor", "#ffffff");
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 70, ["r"] = 30, ["t"] = 60, ["b"] = 60 });
        layout.SetProperty("legend", new Dictionary<string, object> { ["orientation"] = "h", ["y"] = -0.2 });
        layout.SetProperty("hovermode", "x unified");
        extra?.Invoke(layout);
        return new Figure(title, traces.ToList<IDictionary<string, object?>>(), layout);
    }

    public static Dictionary<string, object> HorizontalLine(double y, string color, string dash = "dash") => new()
    {
        ["type"] = "line", ["xref"] = "paper", ["x0"] = 0, ["x1"] = 1, ["yref"] = "y", ["y0"] = y, ["y1"] = y,
        ["line"] = new Dictionary<string, object> { ["color"] = color, ["dash"] = dash, ["width"] = 1.5 },
    };

    public static Dictionary<string, object> VerticalLine(double x, string color, string dash = "dash") => new()
    {
        ["type"] = "line", ["yref"] = "paper", ["y0"] = 0, ["y1"] = 1, ["xref"] = "x", ["x0"] = x, ["x1"] = x,
        ["line"] = new Dictionary<string, object> { ["color"] = color, ["dash"] = dash, ["width"] = 2 },
    };

    public static Dictionary<string, object> Note(string text, double x, double y, string xref = "paper", string yref = "paper") => new()
    {
        ["text"] = text, ["x"] = x, ["y"] = y, ["xref"] = xref, ["yref"] = yref, ["showarrow"] = false,
        ["font"] = new Dictionary<string, object> { ["size"] = 12, ["color"] = "#444" }, ["xanchor"] = "left",
    };

    /// <summary>Data text for plotly labels: plotly.js reads a few HTML tags in labels, so data strings are entity-escaped and show as written.</summary>
    public static string Text(string s) => System.Net.WebUtility.HtmlEncode(s);

    public static string Iso(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";
}
