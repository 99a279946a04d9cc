using System.Text;

namespace RetentionKit.Charts;

/// <summary>
/// Charts as HTML that works offline and in every notebook host. plotly.js (shipped inside this assembly) is written
/// once per page by <see cref="PlotlyLoader"/>; each chart is a div plus a script that draws it once plotly.js is there.
/// </summary>
public static class ChartHtml
{
    /// <summary>The plotly.js version this assembly carries.</summary>
    public const string PlotlyVersion = "2.35.3";

    private static readonly Lazy<string> Js = new(() => EmbeddedScripts.Read($"plotly-{PlotlyVersion}.min.js.gz", $"plotly.js {PlotlyVersion}"));

    /// <summary>plotly.js, minified (about 4.5 MB; MIT licence, see Assets/plotly.js.LICENSE.txt).</summary>
    public static string PlotlyJs => Js.Value;

    /// <summary>
    /// A script element that puts plotly.js on the page as <c>window.Plotly</c>, offline. The bundle is evaluated with
    /// <c>define</c>, <c>exports</c> and <c>module</c> hidden, so on a page that has loaded require.js (VS Code's notebook
    /// view, classic Jupyter) it does not register as an anonymous AMD module ("Mismatched anonymous define()") and
    /// still sets the global; loading it twice on one page does nothing the second time.
    /// </summary>
    public static string PlotlyLoader() =>
        EmbeddedScripts.Global($"plotly.js {PlotlyVersion} (MIT)", $"(window.Plotly && window.Plotly.version === \"{PlotlyVersion}\")", PlotlyJs);

    /// <summary>The figure's JSON, safe inside a script element.</summary>
    public static string FigureJson(Figure figure) => SafeInScript(figure.Json);

    /// <summary>
    /// A div and the script that draws the figure into it. The script finds its own div (not by id alone: a notebook
    /// can show an old output with the same id), waits up to five seconds for plotly.js, and otherwise writes one line
    /// saying why the chart cannot be drawn.
    /// </summary>
    public static string Div(Figure figure, string? id = null)
    {
        id ??= "rk-chart-" + figure.ContentId;
        var sb = new StringBuilder();
        sb.Append("<div class=\"rk-chart\" id=\"").Append(id).Append("\"></div>\n<script>(function(){var f=")
          .Append(FigureJson(figure))
          .Append(";var s=document.currentScript,p=s&&s.previousElementSibling,el=(p&&p.id===\"").Append(id).Append("\")?p:document.getElementById(\"").Append(id).Append("\");")
          .Append("var n=0;function draw(){if(!el)return;if(window.Plotly&&window.Plotly.newPlot){window.Plotly.newPlot(el,f.data,f.layout,{responsive:true,displaylogo:false});}")
          .Append("else if(n++<100){setTimeout(draw,50);}")
          .Append("else{el.textContent=\"This chart needs plotly.js, which the notebook's setup cell loads (RetentionFormatters.Register()): run that cell, then this one.\";el.style.color=\"#a40\";}}draw();})();</script>\n");
        return sb.ToString();
    }

    /// <summary>A whole offline page for one chart (file-based apps write these).</summary>
    public static string Page(Figure figure, string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>{PlotlyLoader()}</head><body>{Div(figure, "chart")}</body></html>\n";

    /// <summary>Escapes "&lt;" so no string in the JSON can close the script element or open a tag.</summary>
    internal static string SafeInScript(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace("\u2028", "\\u2028", StringComparison.Ordinal).Replace("\u2029", "\\u2029", StringComparison.Ordinal);
}
