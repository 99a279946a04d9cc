using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using RetentionKit.Charts;

namespace RetentionKit.Interactive;

/// <summary>
/// HTML display for notebooks: result records show their summary, their table and their warnings; DataFrames show
/// their first rows and the row count; charts (<see cref="Figure"/>) draw. One call, in the notebook's setup cell,
/// registers everything and puts plotly.js on the page: end the cell with
/// <c>RetentionKit.Interactive.RetentionFormatters.Register()</c> (no semicolon) so its output carries plotly.js.
/// </summary>
public static class RetentionFormatters
{
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Rows of a DataFrame shown before "… N more rows".</summary>
    public static int MaxRows { get; set; } = 20;

    /// <summary>
    /// Whether charts are shown as drawings: true once <see cref="Register"/> has run. Charts are plotly.js figures
    /// built without any charting package, so no host's FSharp.Core can stop them.
    /// </summary>
    public static bool ChartsAvailable { get { lock (Gate) return _registered; } }

    /// <summary>Why charts are not available, when they are not (null when they are).</summary>
    public static string? ChartsUnavailableReason => ChartsAvailable ? null
        : "the kit's formatters are not registered in this session: run the setup cell (RetentionKit.Interactive.RetentionFormatters.Register())";

    /// <summary>
    /// Registers the formatters (once per session; later calls only return the setup again) and returns the setup,
    /// whose HTML holds plotly.js. Shown as the setup cell's output, it loads plotly.js for every chart below it, also
    /// after any cell is re-run and when the saved notebook is opened again.
    /// </summary>
    public static NotebookSetup Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                _registered = true;
                Formatter.Register<DataFrame>((frame, writer) => writer.Write(FrameHtml(frame, MaxRows)), "text/html");
                Formatter.Register<Rate>((rate, writer) => writer.Write(WebUtility.HtmlEncode(rate.ToString())), "text/html");
                foreach (var type in ResultTypes()) Formatter.Register(type, (obj, writer) => writer.Write(ResultHtml(obj)), "text/html");
                Formatter.Register<Figure>((figure, writer) => writer.Write(ChartHtml.Div(figure)), "text/html");
                Formatter.Register<NotebookSetup>((setup, writer) => writer.Write(setup.ToHtml()), "text/html");
                Formatter.Register<RetentionKit.Teaching.ExerciseResult>((result, writer) => writer.Write(ExerciseHtml(result)), "text/html");
            }
        }
        return new NotebookSetup(typeof(RetentionFormatters).Assembly.GetName().Version?.ToString(3) ?? "?", ChartHtml.PlotlyVersion);
    }

    /// <summary>Forgets the registration, so the next <see cref="Register"/> registers again (a host that resets its formatters calls this).</summary>
    public static void ResetSession() { lock (Gate) _registered = false; }

    /// <summary>The kit's public result types: classes with a table (ToDataFrame), warnings, or their own readable ToString (fits, summaries).</summary>
    internal static IEnumerable<Type> ResultTypes() =>
        typeof(Rate).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && !typeof(Exception).IsAssignableFrom(t)
            && (t.GetMethod("ToDataFrame", BindingFlags.Public | BindingFlags.Instance) is not null || t.GetProperty("Warnings") is not null
                || t.GetMethod("ToString", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.DeclaringType == t && !t.Name.EndsWith("Options", StringComparison.Ordinal)));

    /// <summary>A check's verdict as one coloured line (green right, orange not yet, grey not answered).</summary>
    internal static string ExerciseHtml(RetentionKit.Teaching.ExerciseResult r)
    {
        var (border, background) = r.Correct switch { true => ("#009E73", "#eefaf5"), false => ("#E69F00", "#fff8ec"), null => ("#8c959f", "#f6f7f9") };
        return $"<div class=\"rk-exercise\" style=\"border-left:4px solid {border};background:{background};padding:6px 12px\">{WebUtility.HtmlEncode(r.ToString())}</div>";
    }

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
            // A warning the summary line already states is not repeated below it.
            var list = warnings.Cast<object>().Select(w => w.ToString()).Where(w => w is not null && !summary.Contains(w, StringComparison.Ordinal)).ToList();
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
        var measure = frame.Columns.IndexOf("Measure") >= 0 && frame.Columns.IndexOf("Value") >= 0 ? frame.Columns["Measure"] : null;
        for (long r = 0; r < shown; r++)
        {
            sb.Append("<tr>");
            // A Measure/Value table holds one measure per row: its label says whether the value is a rate.
            var rowKind = measure is null ? (ColumnKind?)null : KindOfMeasure(measure[r]?.ToString() ?? "");
            foreach (var c in frame.Columns)
                sb.Append("<td>").Append(WebUtility.HtmlEncode(Cell(c[r], c.Name == "Value" && rowKind is { } k ? k : KindOf(c.Name)))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#57606a;font-size:12px\">{frame.Rows.Count:N0} rows × {frame.Columns.Count} columns{(frame.Rows.Count > shown ? $"; first {shown} shown" : "")}</p>");
        return sb.ToString();
    }

    internal enum ColumnKind { Plain, Percent, Money }

    // Rates read as percentages and money with separators and two decimals, as the text beside the table writes them;
    // the DataFrame underneath keeps the numbers (fractions, full precision).
    internal static ColumnKind KindOf(string name)
    {
        string n = name.ToLowerInvariant();
        if (n.EndsWith("ratio", StringComparison.Ordinal) && !n.Contains("purchase", StringComparison.Ordinal)) return ColumnKind.Plain; // 7.7×, not 770 %
        if (n.EndsWith("rate", StringComparison.Ordinal) || n.EndsWith("share", StringComparison.Ordinal) || n is "grr" or "nrr" || n.EndsWith("churn", StringComparison.Ordinal)
            || n.EndsWith("retention", StringComparison.Ordinal) || n is "palive" or "probabilityalive" || n.EndsWith("purchaseratio", StringComparison.Ordinal)) return ColumnKind.Percent;
        if (n.Contains("revenue", StringComparison.Ordinal) || n.Contains("spend", StringComparison.Ordinal) || n.EndsWith("aov", StringComparison.Ordinal) || n.StartsWith("clv", StringComparison.Ordinal)
            || n.Contains("receivables", StringComparison.Ordinal) || n.Contains("sales", StringComparison.Ordinal) || n is "monetaryvalue" or "contraction" or "expansion" or "amount" or "netspend") return ColumnKind.Money;
        return ColumnKind.Plain;
    }

    internal static ColumnKind KindOfMeasure(string label)
    {
        string l = label.ToLowerInvariant();
        if (l.Contains("spend", StringComparison.Ordinal) || l.Contains('/')) return ColumnKind.Plain; // a ratio of amounts, 7.7×
        return l.Contains("rate", StringComparison.Ordinal) || l.Contains("ratio", StringComparison.Ordinal) || l.Contains("share", StringComparison.Ordinal) || l.Contains("within", StringComparison.Ordinal)
            ? ColumnKind.Percent : ColumnKind.Plain;
    }

    internal static string Cell(object? v, ColumnKind kind = ColumnKind.Plain) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "n/a",
        double d when kind == ColumnKind.Percent => (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %",
        double d when kind == ColumnKind.Money => d.ToString("#,##0.00", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 1e15 || (d != 0 && Math.Abs(d) < 1e-4) => d.ToString("G4", CultureInfo.InvariantCulture),
        double d => d.ToString(Math.Abs(d) >= 1000 ? "#,##0.##" : "0.####", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        long or int when kind == ColumnKind.Money => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("#,##0.00", CultureInfo.InvariantCulture),
        long l => l.ToString("#,##0", CultureInfo.InvariantCulture),
        int i => i.ToString("#,##0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>What the setup cell shows: the kit is ready, and (in its HTML) plotly.js for the charts below.</summary>
/// <param name="KitVersion">The RetentionKit version loaded.</param>
/// <param name="PlotlyVersion">The plotly.js version the charts use.</param>
public sealed record NotebookSetup(string KitVersion, string PlotlyVersion)
{
    /// <summary>A line saying what is ready, then plotly.js as a script (the charts wait for it).</summary>
    public string ToHtml() =>
        "<div class=\"rk-setup\" style=\"color:#57606a;font-size:13px\">" + WebUtility.HtmlEncode(ToString()) + "</div>\n" + ChartHtml.PlotlyLoader();

    /// <inheritdoc />
    public override string ToString() =>
        $"RetentionKit {KitVersion} ready: results, tables and charts display here; plotly.js {PlotlyVersion} is in this cell's output (offline), so keep it when you share the notebook.";
}
