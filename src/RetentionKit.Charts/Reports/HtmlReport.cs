using System.Globalization;
using System.Net;
using System.Text;

namespace RetentionKit.Charts.Reports;

/// <summary>What a report cell holds, for its CSV: text, a number, a rate (a fraction), a date.</summary>
public enum CellKind
{
    /// <summary>Text: guarded against spreadsheet formulas in the CSV.</summary>
    Text,
    /// <summary>A number, written invariantly in the CSV.</summary>
    Number,
    /// <summary>A rate: shown as a percentage, written as a fraction in the CSV.</summary>
    Rate,
    /// <summary>A date, ISO in both.</summary>
    Date,
}

/// <summary>One cell of a report table: what the page shows, and the value its CSV holds (NaN or null: empty).</summary>
/// <param name="Display">As shown on the page ("59.5 %", "1,491,585.14").</param>
/// <param name="Value">The value: a double for numbers and rates, a DateTime for dates, the text itself otherwise.</param>
/// <param name="Kind">What it is.</param>
public readonly record struct ReportCell(string Display, object? Value, CellKind Kind)
{
    /// <summary>A text cell.</summary>
    public static implicit operator ReportCell(string text) => new(text, text, CellKind.Text);

    /// <summary>What the page shows (so a cell inside a sentence reads as its display).</summary>
    public override string ToString() => Display;

    /// <summary>The cell as CSV data: numbers invariant, rates as fractions, dates ISO, text guarded.</summary>
    public string Csv => Value switch
    {
        null => "",
        double d when !double.IsFinite(d) => "",
        double d => d.ToString("G12", CultureInfo.InvariantCulture), // 57731.27, not the sum's 57731.270000000055
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => ReportTable.Guard(Value.ToString() ?? ""),
    };
}

/// <summary>A table for the report and its CSV export: headers and typed cells (shown formatted, exported as data).</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<ReportCell>> Rows)
{
    /// <summary>
    /// The table as data: numbers as invariant numbers, rates as fractions (their column named "… (fraction)"), dates
    /// ISO, empty where a value is undefined. Text cells that start with =, +, - or @ get a leading apostrophe so
    /// spreadsheets do not run them as formulas; numbers are never touched.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        var headers = Headers.Select((h, c) => Rows.Any(r => c < r.Count && r[c].Kind == CellKind.Rate) ? h + " (fraction)" : h);
        sb.AppendJoin(',', headers.Select(Quote)).Append("\r\n");
        foreach (var row in Rows) sb.AppendJoin(',', row.Select(c => Quote(c.Csv))).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>A text cell as CSV: a leading apostrophe where a spreadsheet would run it as a formula (a plain number is left alone).</summary>
    public static string Guard(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;

    private static string Quote(string v) => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
}

/// <summary>
/// A self-contained HTML document: plotly.js inline once, every data string HTML-escaped, a table of contents,
/// and sections of text, tables and charts.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _toc = new();
    private readonly List<ReportTable> _tables = new();
    private int _charts;
    private int _formulas;

    public HtmlReport(string title, string subtitle) { Title = title; Subtitle = subtitle; }

    public string Title { get; }
    public string Subtitle { get; }
    /// <summary>Tables added so far, for the CSV exports.</summary>
    public IReadOnlyList<ReportTable> Tables => _tables;
    /// <summary>Charts added so far.</summary>
    public int ChartCount => _charts;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    public HtmlReport Section(string title)
    {
        string id = "s" + (_toc.Count + 1).ToString(CultureInfo.InvariantCulture);
        _toc.Add((id, title));
        _body.Append("<h2 id=\"").Append(id).Append("\">").Append(E(title)).Append("</h2>\n");
        return this;
    }

    public HtmlReport Paragraph(string text) { _body.Append("<p>").Append(E(text)).Append("</p>\n"); return this; }

    /// <summary>The one-line definition of a metric.</summary>
    public HtmlReport Definition(string text) { _body.Append("<p class=\"def\">").Append(E(text)).Append("</p>\n"); return this; }

    /// <summary>A metric's formula in TeX, rendered on the page by KaTeX (offline); readable as TeX without JavaScript.</summary>
    public HtmlReport Formula(string tex) { _formulas++; _body.Append(MathHtml.Display(tex)).Append('\n'); return this; }

    /// <summary>Formulas added so far.</summary>
    public int FormulaCount => _formulas;

    public HtmlReport Facts(IEnumerable<(string Label, ReportCell Value)> facts)
    {
        _body.Append("<dl class=\"facts\">");
        foreach (var (l, v) in facts) _body.Append("<div><dt>").Append(E(l)).Append("</dt><dd>").Append(E(v.Display)).Append("</dd></div>");
        _body.Append("</dl>\n");
        return this;
    }

    public HtmlReport Warnings(IEnumerable<string> warnings)
    {
        var list = warnings.ToList();
        if (list.Count == 0) return this;
        _body.Append("<ul class=\"warnings\">");
        foreach (var w in list) _body.Append("<li>").Append(E(w)).Append("</li>");
        _body.Append("</ul>\n");
        return this;
    }

    /// <summary>Shows the first <paramref name="shownRows"/> rows; the CSV export has them all.</summary>
    public HtmlReport Table(ReportTable table, int shownRows = 25)
    {
        _tables.Add(table);
        _body.Append("<div class=\"table\"><table><thead><tr>");
        foreach (var h in table.Headers) _body.Append("<th>").Append(E(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows.Take(shownRows))
        {
            _body.Append("<tr>");
            foreach (var c in row) _body.Append(c.Kind != CellKind.Text || IsNumber(c.Display) ? "<td>" : "<td class=\"t\">").Append(E(c.Display)).Append("</td>");
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>");
        if (table.Rows.Count > shownRows)
            _body.Append(CultureInfo.InvariantCulture, $"<p class=\"more\">{shownRows} of {table.Rows.Count:N0} rows shown; all in {E(table.Name)}.csv</p>");
        _body.Append("</div>\n");
        return this;
    }

    // Numbers align right for comparison; text (ids, reasons) aligns left and wraps.
    private static bool IsNumber(string cell) =>
        cell.Length == 0 || cell == "n/a" || double.TryParse(cell.Replace(",", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("×", "", StringComparison.Ordinal).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public HtmlReport Chart(Figure chart)
    {
        _charts++;
        _body.Append(ChartHtml.Div(chart, "chart" + _charts.ToString(CultureInfo.InvariantCulture)));
        return this;
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(E(Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n");
        sb.Append(ChartHtml.PlotlyLoader());
        if (_formulas > 0) sb.Append(MathHtml.Loader());
        sb.Append("</head><body><main>\n");
        sb.Append("<h1>").Append(E(Title)).Append("</h1><p class=\"sub\">").Append(E(Subtitle)).Append("</p>\n<nav><ol>");
        foreach (var (id, t) in _toc) sb.Append("<li><a href=\"#").Append(id).Append("\">").Append(E(t)).Append("</a></li>");
        sb.Append("</ol></nav>\n").Append(_body).Append("</main></body></html>\n");
        return sb.ToString();
    }

    private const string Css = """
        body{margin:0;background:#f6f7f9;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1080px;margin:0 auto;padding:24px 32px 64px;background:#fff;box-shadow:0 0 0 1px #e3e6ea}
        h1{font-size:28px;margin:8px 0 0}h2{font-size:21px;margin:40px 0 8px;padding-top:12px;border-top:1px solid #e3e6ea}
        .sub{color:#57606a;margin:4px 0 16px}nav ol{columns:2;margin:0 0 8px;padding-left:20px}nav a{color:#0072B2;text-decoration:none}
        .def{background:#f0f6fb;border-left:4px solid #0072B2;padding:8px 12px;margin:8px 0}
        .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px 16px;margin:12px 0}
        .facts div{background:#f6f7f9;border-radius:6px;padding:8px 12px}.facts dt{color:#57606a;font-size:13px}.facts dd{margin:0;font-size:18px;font-weight:600}
        .warnings{background:#fff8ec;border-left:4px solid #E69F00;padding:8px 12px 8px 32px;margin:8px 0}
        .table{overflow-x:auto;margin:12px 0}table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
        th,td{padding:4px 10px;border-bottom:1px solid #e3e6ea;text-align:right;white-space:nowrap}th{background:#f6f7f9}
        td:first-child,th:first-child{text-align:left}td.t{text-align:left;white-space:normal;min-width:12em}.more{color:#57606a;font-size:13px}.rk-chart{width:100%;min-height:260px;margin:8px 0 16px}
        """;
}
