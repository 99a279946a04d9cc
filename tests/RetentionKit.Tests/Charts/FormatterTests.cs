using Microsoft.DotNet.Interactive.Formatting;
using RetentionKit.Charts;
using RetentionKit.Clv;
using RetentionKit.Interactive;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Retention;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Charts;

/// <summary>The notebook formatters, through Formatter.ToDisplayString as a kernel calls them.</summary>
[Collection("Formatter")] // the formatter registry is process-wide
public class FormatterTests
{
    public FormatterTests() => RetentionFormatters.Register();

    [Fact]
    public void PeriodRetention_ShowsSummaryTableAndWarnings()
    {
        var r = PeriodRetention.Compute(History(), Months());
        var html = Formatter.ToDisplayString(r, "text/html");
        Assert.Contains("Retention per month", html);
        Assert.Contains("<th>RetentionRate</th>", html);
        Assert.Contains("3 rows × 13 columns", html);
        Assert.Contains("purchase cycles", html); // the short-period warning
    }

    /// <summary>Rates as percentages and money with separators, as the text beside a table writes them; the frame keeps the numbers.</summary>
    [Fact]
    public void Tables_ShowRatesAsPercentages_AndMoneyWithSeparators()
    {
        var frame = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("RetentionRate", [0.59548]),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("NetRevenue", [1491590.5]),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("RepeatSpendRatio", [7.7213]),
            new Microsoft.Data.Analysis.Int64DataFrameColumn("Orders", [18536L]),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("Recency", [12.285714285]));
        var html = Formatter.ToDisplayString(frame, "text/html");
        Assert.Contains("<td>59.5 %</td>", html);
        Assert.Contains("<td>1,491,590.50</td>", html);
        Assert.Contains("<td>7.7213</td>", html);
        Assert.Contains("<td>18,536</td>", html);
        Assert.Contains("<td>12.2857</td>", html);
        Assert.DoesNotContain("E+", html);
        Assert.Equal(0.59548, (double)frame["RetentionRate"][0]!);
    }

    [Fact]
    public void AWarningInTheSummary_IsNotRepeatedBelowIt()
    {
        var r = PeriodRetention.Compute(History(), Months());
        var html = Formatter.ToDisplayString(r, "text/html");
        foreach (var w in r.Warnings)
            Assert.True(CountOf(html, System.Net.WebUtility.HtmlEncode(w)) == 1, $"shown {CountOf(html, System.Net.WebUtility.HtmlEncode(w))} times: {w}");
    }

    private static int CountOf(string text, string what) { int n = 0, i = 0; while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0) { n++; i += what.Length; } return n; }

    [Fact]
    public void DataFrame_ShowsFirstRowsAndRowCount()
    {
        var frame = Table().ToDataFrame();
        var old = RetentionFormatters.MaxRows;
        RetentionFormatters.MaxRows = 4;
        try
        {
            var html = Formatter.ToDisplayString(frame, "text/html");
            Assert.Contains("10 rows × 8 columns; first 4 shown", html);
            Assert.Equal(4 + 1, html.Split("<tr>").Length - 1); // header + 4 rows
        }
        finally { RetentionFormatters.MaxRows = old; }
    }

    [Fact]
    public void DataStrings_AreEscaped()
    {
        var t = RetentionKit.Data.Transactions.FromRows([Buy("<b>x</b>", "o1", "2024-01-05", 10)]);
        var html = Formatter.ToDisplayString(t.ToDataFrame(), "text/html");
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>x</b>", html);
    }

    [Fact]
    public void Fit_ShowsParametersAndConvergence()
    {
        var fit = BgNbd.Fit(Clv.BgNbdTests.CdnowCalibration());
        var html = Formatter.ToDisplayString(fit, "text/html");
        Assert.Contains("r = 0.2426", html);
        Assert.Contains("GradientConverged", html);
    }

    [Fact]
    public void Setup_CarriesPlotly_AndChartsDoNot()
    {
        var setup = RetentionFormatters.Register();
        Assert.True(RetentionFormatters.ChartsAvailable);
        Assert.Null(RetentionFormatters.ChartsUnavailableReason);
        var setupHtml = Formatter.ToDisplayString(setup, "text/html");
        Assert.True(setupHtml.Length > ChartHtml.PlotlyJs.Length);
        Assert.Contains("ready", setupHtml);
        var m = MetricSuite.Compute(Table(), new SuiteOptions { Period = PeriodLength.Month, From = D("2024-01-01"), To = D("2024-04-01") });
        // Every chart output is small and self-contained, so re-running its cell never loses plotly.js (it lives in the setup output).
        foreach (var chart in new[] { RetentionCharts.Retention(m.Retention), RetentionCharts.Cohorts(m.Cohorts), RetentionCharts.Retention(m.Retention) })
        {
            var html = Formatter.ToDisplayString(chart, "text/html");
            Assert.True(html.Length < 100_000);
            Assert.Contains("Plotly.newPlot", html);
            Assert.Contains("class=\"rk-chart\"", html);
            Assert.Contains("run that cell", html); // what the reader sees where plotly.js is missing
        }
        // A second Register (the setup cell re-run) brings plotly.js again.
        Assert.True(Formatter.ToDisplayString(RetentionFormatters.Register(), "text/html").Length > ChartHtml.PlotlyJs.Length);
    }
}
