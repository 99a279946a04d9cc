using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;

namespace RetentionKit.Notebooks;

/// <summary>
/// A self-contained HTML rendering of an executed notebook: markdown through Markdig (math kept as TeX in
/// <c>span.math</c>, readable as text offline), code, and the outputs as the formatters wrote them (plotly.js is
/// inline once, in the setup cell's output, as in the notebook itself).
/// </summary>
public static class NotebookHtml
{
    // Markdown's raw HTML is shown as text, as nbconvert's sanitiser would leave it harmless: a notebook is trusted code
    // when you run it, but its HTML page is shared, and a <script> in a markdown cell must not run for every reader.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>Renders the notebook.</summary>
    public static string Render(Notebook notebook)
    {
        var sb = new StringBuilder();
        string title = notebook.Cells.Where(c => c.Kind == "markdown").Select(c => c.Source.Split('\n')[0].TrimStart('#', ' ')).FirstOrDefault(t => t.Length > 0) ?? notebook.Name;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
          .Append(WebUtility.HtmlEncode(title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>\n");
        int n = 0;
        foreach (var cell in notebook.Cells)
        {
            n++;
            switch (cell.Kind)
            {
                case "markdown":
                    sb.Append("<section class=\"md\">").Append(Markdown.ToHtml(cell.Source, Pipeline)).Append("</section>\n");
                    break;
                case "code":
                    if (string.IsNullOrWhiteSpace(cell.Source)) break;
                    sb.Append("<section class=\"code\"><div class=\"label\">[").Append(cell.Json["execution_count"]?.ToString() ?? " ").Append("]</div><pre><code>")
                      .Append(WebUtility.HtmlEncode(cell.Source.TrimEnd())).Append("</code></pre>");
                    foreach (var output in cell.Outputs.OfType<JsonObject>()) sb.Append(Output(output));
                    sb.Append("</section>\n");
                    break;
            }
        }
        sb.Append("</main></body></html>\n");
        return sb.ToString();
    }

    private static string Output(JsonObject o) => o["output_type"]?.GetValue<string>() switch
    {
        "stream" => "<pre class=\"out\">" + WebUtility.HtmlEncode(o["text"]?.ToString() ?? "") + "</pre>",
        "error" => "<pre class=\"err\">" + WebUtility.HtmlEncode(o["evalue"]?.ToString() ?? "") + "</pre>",
        "display_data" or "execute_result" => o["data"]?["text/html"] is { } html
            ? "<div class=\"out\">" + html.GetValue<string>() + "</div>"
            : "<pre class=\"out\">" + WebUtility.HtmlEncode(o["data"]?["text/plain"]?.ToString() ?? "") + "</pre>",
        _ => "",
    };

    private const string Css = """
        body{margin:0;background:#f6f7f9;color:#1f2328;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1000px;margin:0 auto;padding:24px 36px 64px;background:#fff;box-shadow:0 0 0 1px #e3e6ea}
        h1{font-size:30px}h2{font-size:22px;margin-top:32px}.math{font-family:"Latin Modern Math","STIX Two Math",serif;background:#f6f7f9;padding:0 4px;border-radius:3px}
        div.math{display:block;padding:8px 12px;margin:8px 0;overflow-x:auto}
        .code{margin:14px 0}.label{color:#8c959f;font:12px monospace}.code pre{background:#f6f8fa;border:1px solid #e3e6ea;border-radius:6px;padding:10px 12px;overflow-x:auto;font-size:13.5px;line-height:1.45;margin:2px 0}
        .out{margin:6px 0 0 0;overflow-x:auto;font-size:14px}pre.out{background:#fff;border-left:3px solid #d0d7de;padding:4px 10px;white-space:pre-wrap}
        pre.err{background:#fff0f0;border-left:3px solid #D55E00;padding:6px 10px;white-space:pre-wrap}
        table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}th,td{padding:3px 9px;border-bottom:1px solid #e3e6ea;text-align:right}th{background:#f6f7f9}
        blockquote{border-left:4px solid #E69F00;background:#fff8ec;margin:8px 0;padding:4px 14px}
        """;
}
