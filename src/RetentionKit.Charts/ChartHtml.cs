using System.Text;
using Plotly.NET;

namespace RetentionKit.Charts;

/// <summary>
/// Charts as HTML that works offline: plotly.js comes from Plotly.NET's embedded resource, written once per
/// document (or session), and each chart is a div plus one <c>Plotly.newPlot</c> call.
/// </summary>
public static class ChartHtml
{
    private static readonly Lazy<string> Js = new(() =>
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(asm.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    });

    /// <summary>The plotly.js bundled with Plotly.NET (about 3.6 MB).</summary>
    public static string PlotlyJs => Js.Value;

    /// <summary>A script tag holding plotly.js inline.</summary>
    public static string PlotlyScriptTag() => "<script>" + PlotlyJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";

    /// <summary>The chart's plotly.js figure (data and layout) as JSON, safe inside a script element.</summary>
    public static string FigureJson(GenericChart chart) => SafeInScript(GenericChart.toFigureJson(chart));

    /// <summary>A div and the script that draws the chart into it; plotly.js must already be on the page.</summary>
    public static string Div(GenericChart chart, string id)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"chart\" id=\"").Append(id).Append("\"></div>\n<script>(function(){var f=")
          .Append(FigureJson(chart))
          .Append(";Plotly.newPlot(\"").Append(id).Append("\",f.data,f.layout,{responsive:true,displaylogo:false});})();</script>\n");
        return sb.ToString();
    }

    /// <summary>A whole offline page for one chart (file-based apps write these).</summary>
    public static string Page(GenericChart chart, string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>{PlotlyScriptTag()}</head><body>{Div(chart, "chart")}</body></html>\n";

    /// <summary>Escapes "&lt;" so no string in the JSON can close the script element or open a tag.</summary>
    internal static string SafeInScript(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace("\u2028", "\\u2028", StringComparison.Ordinal).Replace("\u2029", "\\u2029", StringComparison.Ordinal);
}
