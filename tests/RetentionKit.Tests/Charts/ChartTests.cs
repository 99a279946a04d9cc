using System.Text.Json;
using RetentionKit.Charts;
using RetentionKit.Charts.Reports;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Surveys;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Charts;

public class ChartTests
{
    private static JsonElement Json(Figure chart) => JsonDocument.Parse(chart.Json).RootElement;

    private static MetricReport Suite() => MetricSuite.Compute(Table(), new SuiteOptions { Period = PeriodLength.Month, From = D("2024-01-01"), To = D("2024-04-01") });

    [Fact]
    public void Retention_HasRateTracesPercentAxis_AndNoAlertLine()
    {
        var m = Suite();
        var f = Json(RetentionCharts.Retention(m.Retention, m.Cycle));
        var data = f.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, data.Count);
        Assert.All(data, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Contains("can pass 100 %", data[0].GetProperty("name").GetString());
        Assert.Equal(1.0 / 3, data[0].GetProperty("y")[0].GetDouble(), 12);   // February against January
        var layout = f.GetProperty("layout");
        Assert.Equal(".0%", layout.GetProperty("yaxis").GetProperty("tickformat").GetString());
        Assert.Equal("Share of S (start customers)", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.TryGetProperty("shapes", out _)); // lost / S is not held against a monthly threshold
        Assert.Contains("purchase cycles", layout.GetProperty("annotations").ToString()); // a month is shorter than three cycles here
    }

    [Fact]
    public void Retention_WithUndefinedRate_DrawsAGap()
    {
        var r = RetentionKit.Retention.PeriodRetention.Compute(History(), Months()); // January: nobody in December, S = 0
        Assert.Equal(JsonValueKind.Null, Json(RetentionCharts.Retention(r)).GetProperty("data")[0].GetProperty("y")[0].ValueKind);
    }

    [Fact]
    public void Lapse_HasTheAlertLineAndColoursMonthsAboveIt()
    {
        var lapse = Suite().Lapse;
        var f = Json(RetentionCharts.Lapse(lapse));
        Assert.Equal("bar", f.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal(0.07, f.GetProperty("layout").GetProperty("shapes")[0].GetProperty("y0").GetDouble());
    }

    [Fact]
    public void Cohorts_HeatmapWithPercentLabelsAndSizes()
    {
        var f = Json(RetentionCharts.Cohorts(Suite().Cohorts));
        var heat = f.GetProperty("data")[0];
        Assert.Equal("heatmap", heat.GetProperty("type").GetString());
        Assert.Equal("2024-02-01 (n=1)", heat.GetProperty("y")[0].GetString()); // January is the base: its customers are not a cohort here
        Assert.Equal("100%", heat.GetProperty("text")[0][0].GetString());
    }

    [Fact]
    public void DataStrings_AreEscapedInLabelsAndInTheScript()
    {
        var reasons = ChurnReasons.Compute([new("a", D("2024-01-01"), ChurnReason: "<script>alert(1)</script>")]);
        var chart = RetentionCharts.ChurnReasons(reasons);
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", Json(chart).GetProperty("data")[0].GetProperty("x")[0].GetString());
        var div = ChartHtml.Div(chart, "c1");
        Assert.DoesNotContain("<script>alert", div);
        Assert.Equal(2, div.Split("<script>").Length); // only the drawing script itself
    }

    [Fact]
    public void Palette_IsOneConsistentColourBlindSafeSet()
    {
        var f = Json(RetentionCharts.RevenueRetention(Suite().Revenue));
        Assert.All(f.GetProperty("data").EnumerateArray(), t => Assert.Contains(t.GetProperty("line").GetProperty("color").GetString(), RetentionKit.Charts.Plot.Palette));
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@x", "'@x")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-12.5", "-12.5")]          // a number stays a number
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    public void Csv_GuardsAgainstFormulaInjection(string cell, string expected) =>
        Assert.Equal($"h\r\n{expected}\r\n", new ReportTable("t", ["h"], [[cell]]).ToCsv());

    /// <summary>A CSV is data: a negative rate is a fraction, not "'-14.5 %"; money is a plain number; an undefined value is empty.</summary>
    [Fact]
    public void Csv_HoldsNumbers_RatesAsFractions_DatesIso()
    {
        var t = new ReportTable("t", ["start", "growth", "revenue", "label"], [[
            new ReportCell("2011-03-01", new DateTime(2011, 3, 1), CellKind.Date), new ReportCell("-14.5 %", -0.145, CellKind.Rate),
            new ReportCell("1,491,585.14", 1491585.14, CellKind.Number), "=cmd"], [
            new ReportCell("2011-06-01", new DateTime(2011, 6, 1), CellKind.Date), new ReportCell("n/a", double.NaN, CellKind.Rate),
            new ReportCell("n/a", double.NaN, CellKind.Number), "ok"]]);
        Assert.Equal("start,growth (fraction),revenue,label\r\n2011-03-01,-0.145,1491585.14,'=cmd\r\n2011-06-01,,,ok\r\n", t.ToCsv());
    }

    [Fact]
    public void Report_InlinesPlotlyOnce_AndEscapesData()
    {
        var r = new HtmlReport("t <b>", "s");
        r.Section("<script>x</script>").Paragraph("a < b").Chart(RetentionCharts.Nps(NetPromoterScore.Compute([10, 0, 8]))).Chart(RetentionCharts.Nps(NetPromoterScore.Compute([9])));
        var html = r.Render();
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html);
        Assert.Contains("a &lt; b", html);
        Assert.DoesNotContain("<script src", html); // nothing fetched: the browser test also watches the network
        Assert.Equal(2, r.ChartCount);
        Assert.True(html.Length > 3_000_000); // plotly.js is inline
        Assert.True(html.Length < 2 * ChartHtml.PlotlyJs.Length); // and only once
    }

    [Fact]
    public void Figure_WritesNonFiniteNumbersAsGaps_AndNamesItself()
    {
        var chart = RetentionCharts.Nps(NetPromoterScore.Compute([10, 0, 8]));
        Assert.DoesNotContain("NaN", chart.Json);
        Assert.Equal("bar", Json(chart).GetProperty("data")[0].GetProperty("type").GetString());
        Assert.StartsWith("chart: ", chart.ToString());
        Assert.Equal(chart.ContentId, RetentionCharts.Nps(NetPromoterScore.Compute([10, 0, 8])).ContentId); // same content, same id: re-runs give the same HTML
        Assert.NotEqual(chart.ContentId, RetentionCharts.Nps(NetPromoterScore.Compute([10, 10, 8])).ContentId);
    }

    [Fact]
    public void PlotlyLoader_HidesTheAmdLoader_AndLoadsOnce()
    {
        var loader = ChartHtml.PlotlyLoader();
        Assert.Contains("(function (define, exports, module) {", loader);
        Assert.Contains("}).call(window, undefined, undefined, undefined);", loader);
        Assert.Contains($"window.Plotly.version === \"{ChartHtml.PlotlyVersion}\"", loader);
        Assert.Contains($"plotly.js v{ChartHtml.PlotlyVersion}", ChartHtml.PlotlyJs[..200]); // the version we say is the version we carry
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(loader, "</script>")); // nothing inside can close the element early
    }

    [Fact]
    public void ToGenericChart_KeepsTracesAndLayout()
    {
        var figure = RetentionCharts.Retention(Suite().Retention);
        var chart = RetentionKit.Plotly.FigureConversion.ToGenericChart(figure);
        var converted = JsonDocument.Parse(global::Plotly.NET.GenericChart.toFigureJson(chart)).RootElement;
        var original = Json(figure);
        Assert.Equal(original.GetProperty("data").GetArrayLength(), converted.GetProperty("data").GetArrayLength());
        for (int i = 0; i < original.GetProperty("data").GetArrayLength(); i++)
        {
            Assert.Equal(original.GetProperty("data")[i].GetProperty("name").GetString(), converted.GetProperty("data")[i].GetProperty("name").GetString());
            static double?[] Ys(JsonElement t) => t.GetProperty("y").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray();
            Assert.Equal(Ys(original.GetProperty("data")[i]), Ys(converted.GetProperty("data")[i]));
        }
        Assert.Equal(original.GetProperty("layout").GetProperty("title").GetProperty("text").GetString(),
            converted.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }
}
