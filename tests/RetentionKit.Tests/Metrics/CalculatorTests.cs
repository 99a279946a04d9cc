using System.Text.Json;
using RetentionKit.Retention;

namespace RetentionKit.Tests.Metrics;

/// <summary>Seed 000's calculator: the seeds' worked examples from aggregate numbers, in the library and from the CLI.</summary>
public class CalculatorTests
{
    [Fact]
    public void Seed002_AQuarter_OfOneThousandCustomers()
    {
        var r = RetentionCalculator.Compute(new CalculatorInputs { Start = 1000, End = 900, New = 200, PeriodDays = 91.3125 });
        Assert.Equal(0.70, r["retention"].Value, 12);
        Assert.Equal(0.30, r["churn"].Value, 12);
        Assert.Equal(1 - Math.Pow(0.7, 30 / 91.3125), r["churn per 30 days"].Value, 12); // 11.1 %
        Assert.True(r.Alert);
        Assert.Contains(r.Notes, n => n.Contains("assumes no customer came back", StringComparison.Ordinal));
        Assert.Contains("(E − N) / S = (900 − 200) / 1,000", r["retention"].Formula);
    }

    [Fact]
    public void Seed004_ThirtyDays_WithTheCancellationsKnown()
    {
        var r = RetentionCalculator.Compute(new CalculatorInputs { Start = 100, End = 105, New = 15, Lost = 10, PeriodDays = 30 });
        Assert.Equal(0.90, r["retention"].Value, 12);
        Assert.Equal(0.10, r["churn"].Value, 12);
        Assert.Equal(0.10, r["churn per 30 days"].Value, 12);
        Assert.True(r.Alert);
        Assert.DoesNotContain(r.Notes, n => n.Contains("assumes", StringComparison.Ordinal));
    }

    [Fact]
    public void Revenue_AndSimpleClv_AsTheNotebooksWorkThem()
    {
        // Notebook 04: 360 last month, 50 this month from the same customers, 310 lost. Notebook 06: 35 × 1.2 × 0.3 / (0.3 + 0.03).
        var r = RetentionCalculator.Compute(new CalculatorInputs
        {
            Start = 10, Lost = 3, RevenueStart = 360, RevenueEnd = 50, RevenueLost = 310, Aov = 35, Frequency = 1.2, Margin = 0.3, Discount = 0.03,
        });
        Assert.Equal(310 / 360.0, r["revenue churn"].Value, 12);
        Assert.Equal(50 / 360.0, r["GRR"].Value, 12);
        Assert.Equal(50 / 360.0, r["NRR"].Value, 12);
        Assert.Equal(35 * 1.2 * 0.3 / 0.33, r["simple CLV"].Value, 9);
        Assert.False(r["retention"].IsDefined);
        Assert.Contains("--end", r["retention"].Formula);
        Assert.Null(r.Alert); // no period given
        Assert.Contains("--period-days", r["churn per 30 days"].Formula);
    }

    [Theory]
    [InlineData(new[] { "--start", "-5" }, "--start")]
    [InlineData(new[] { "--start", "10", "--end", "5", "--new", "8" }, "--end")]
    [InlineData(new[] { "--start", "10", "--lost", "11" }, "--lost")]
    [InlineData(new[] { "--start", "10", "--revenue-start", "100", "--revenue-lost", "150" }, "--revenue-lost")]
    [InlineData(new[] { "--alert", "7" }, "--alert")]
    [InlineData(new[] { "--aov", "NaN" }, "--aov")]
    public void BadNumbers_AreOneClearMessage_AndExitCode2(string[] args, string option)
    {
        var (code, output, error) = Cli.Run(["calc", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("retention: " + option, error.Trim());
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.DoesNotContain("Exception", error);
    }

    [Fact]
    public void Cli_PrintsEachMetricWithItsFormula_AsTextAndJson()
    {
        var (code, text, _) = Cli.Run("calc", "--start", "1000", "--end", "900", "--new", "200", "--period-days", "91.3125");
        Assert.Equal(0, code);
        Assert.Contains("retention: 70.0 %   (E − N) / S = (900 − 200) / 1,000", text);
        Assert.Contains("churn per 30 days: 11.1 %", text);
        Assert.Contains("churn alert: ALERT", text);
        Assert.Contains("GRR: n/a   needs --revenue-start, --revenue-lost", text);
        var (jcode, json, _) = Cli.Run("calc", "--start", "1000", "--end", "900", "--new", "200", "--json");
        Assert.Equal(0, jcode);
        var root = JsonDocument.Parse(json).RootElement;
        var retention = root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "retention");
        Assert.Equal(0.7, retention.GetProperty("value").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "NRR").GetProperty("value").ValueKind);
    }
}
