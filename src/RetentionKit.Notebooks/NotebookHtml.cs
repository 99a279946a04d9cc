using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using RetentionKit.Charts;

namespace RetentionKit.Notebooks;

/// <summary>
/// A self-contained HTML rendering of an executed notebook: markdown through Markdig, its formulas rendered by KaTeX
/// (inline in the page, fonts included, so it works offline), code, and the outputs as the formatters wrote them
/// (plotly.js is inline once, in the setup cell's output, as in the notebook itself).
/// </summary>
public static class NotebookHtml
{
    // Markdown's raw HTML is shown as text, as nbconvert's sanitiser would leave it harmless: a notebook is trusted code
    // when you run it, but its HTML page is shared, and a <script> in a markdown cell must not run for every reader.
    // Generic attributes ({#id .class}) are left out: they took the {…} groups of TeX in a formula that Markdig did not
    // read as math (GRR showed as \mathrm = \frac{\sum \min(r_k, r_)}{\sum r_}).
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();
        builder.Extensions.RemoveAll(e => e is GenericAttributesExtension);
        return builder.Build();
    }

    /// <summary>A markdown cell as HTML; <c>$$…$$</c> inside a paragraph is a display formula, as in Jupyter.</summary>
    internal static string MarkdownToHtml(string source)
    {
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlMathInlineRenderer>(new DisplayAwareMathRenderer());
        renderer.Render(Markdown.Parse(DisplayBlocks(source), Pipeline));
        return writer.ToString();
    }

    /// <summary>
    /// A paragraph that opens with <c>$$</c> and closes with <c>$$</c> lines later is one display formula in Jupyter and
    /// VS Code; Markdig reads math across lines only as a block with <c>$$</c> on lines of their own, so it becomes one.
    /// </summary>
    internal static string DisplayBlocks(string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<string>(lines.Length + 4);
        bool fenced = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)) fenced = !fenced;
            int end = -1;
            if (!fenced && trimmed.Length > 2 && trimmed.StartsWith("$$", StringComparison.Ordinal) && !trimmed[2..].Contains("$$", StringComparison.Ordinal))
                for (int j = i + 1; j < lines.Length && lines[j].Trim().Length > 0; j++)
                    if (lines[j].TrimEnd().EndsWith("$$", StringComparison.Ordinal)) { end = j; break; }
            if (end < 0) { result.Add(line); continue; }
            result.Add("$$");
            result.Add(trimmed[2..]);
            for (int j = i + 1; j < end; j++) result.Add(lines[j]);
            var last = lines[end].TrimEnd();
            result.Add(last[..^2]);
            result.Add("$$");
            i = end;
        }
        return string.Join('\n', result);
    }

    private sealed class DisplayAwareMathRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline math)
        {
            bool display = math.DelimiterCount >= 2;
            renderer.Write(display ? "<span class=\"math math-display\">\\[" : "<span class=\"math\">\\(");
            renderer.WriteEscape(math.Content);
            renderer.Write(display ? "\\]</span>" : "\\)</span>");
        }
    }

    /// <summary>Renders the notebook.</summary>
    public static string Render(Notebook notebook)
    {
        var sb = new StringBuilder();
        string title = notebook.Cells.Where(c => c.Kind == "markdown").Select(c => c.Source.Split('\n')[0].TrimStart('#', ' ')).FirstOrDefault(t => t.Length > 0) ?? notebook.Name;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
          .Append(WebUtility.HtmlEncode(title)).Append("</title><style>").Append(Css).Append("</style>");
        if (notebook.Cells.Any(c => c.Kind == "markdown" && c.Source.Contains('$', StringComparison.Ordinal))) sb.Append(MathHtml.Loader());
        sb.Append("</head><body><main>\n");
        int n = 0;
        foreach (var cell in notebook.Cells)
        {
            n++;
            switch (cell.Kind)
            {
                case "markdown":
                    sb.Append("<section class=\"md\">").Append(MarkdownToHtml(cell.Source)).Append("</section>\n");
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
        h1{font-size:30px}h2{font-size:22px;margin-top:32px}.math-display,div.math{display:block;padding:4px 12px;margin:8px 0;overflow-x:auto;text-align:center}
        .code{margin:14px 0}.label{color:#8c959f;font:12px monospace}.code pre{background:#f6f8fa;border:1px solid #e3e6ea;border-radius:6px;padding:10px 12px;overflow-x:auto;font-size:13.5px;line-height:1.45;margin:2px 0}
        .out{margin:6px 0 0 0;overflow-x:auto;font-size:14px}pre.out{background:#fff;border-left:3px solid #d0d7de;padding:4px 10px;white-space:pre-wrap}
        pre.err{background:#fff0f0;border-left:3px solid #D55E00;padding:6px 10px;white-space:pre-wrap}
        table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}th,td{padding:3px 9px;border-bottom:1px solid #e3e6ea;text-align:right}th{background:#f6f7f9}
        blockquote{border-left:4px solid #E69F00;background:#fff8ec;margin:8px 0;padding:4px 14px}
        """;
}
