using System.Text.Json;
using RetentionKit.Cli;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Retention;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

public class MetricsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => RetentionKit.Tests.Cli.Run(args);

    private static string WriteHandCsv()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hand-{Guid.NewGuid():N}.csv");
        TransactionWriter.WriteCsv(Table(), path);
        return path;
    }

    [Fact]
    public void Json_HasTheIssueKeys()
    {
        var path = WriteHandCsv();
        var (code, stdout, stderr) = Run("metrics", path, "--period", "month", "--json", "--from", "2024-01-01", "--to", "2024-04-01");
        Assert.True(code == 0, stderr);
        var j = JsonDocument.Parse(stdout).RootElement;
        foreach (var k in new[] { "pooledMedianDays", "customerMedianDays", "customersWithRepeat", "recommendedPeriod" })
            Assert.True(j.GetProperty("purchaseCycle").TryGetProperty(k, out _), k);
        Assert.Equal("month", j.GetProperty("period").GetString());
        // January is the base of the first comparison: December is not observed, so January is not compared with it.
        Assert.Equal(2, j.GetProperty("periods").GetArrayLength());
        var feb = j.GetProperty("periods")[0];
        foreach (var k in new[] { "start", "end", "S", "E", "N", "retained", "lost", "reactivated", "retentionRate", "strictRetentionRate",
                     "reactivatedShare", "churnRate", "revenueChurn", "revenueLost", "grr", "nrr", "aov", "purchaseFrequency", "warnings" })
            Assert.True(feb.TryGetProperty(k, out _), k);
        Assert.Equal("2024-02-01", feb.GetProperty("start").GetString());
        Assert.Equal("2024-03-01", feb.GetProperty("end").GetString());
        Assert.Equal(3, feb.GetProperty("S").GetInt32());
        Assert.Equal(1.0 / 3, feb.GetProperty("retentionRate").GetDouble(), 12);
        // January has S = 0: null with the reason in warnings.
        Assert.Contains("is the base of the first comparison", j.GetProperty("warnings").ToString());
        Assert.True(j.GetProperty("lapse").TryGetProperty("months", out _));
        Assert.Equal(0.75, j.GetProperty("repeatPurchaseRatio").GetDouble(), 12);
        Assert.True(j.GetProperty("loyalCustomerRate").ValueKind == JsonValueKind.Number);
        Assert.True(j.GetProperty("returnRate").TryGetProperty("units", out _));
        Assert.True(j.GetProperty("returnRate").TryGetProperty("value", out _));
        Assert.Equal(1.0, j.GetProperty("cohorts").GetProperty("matrix")[0][0].GetDouble());
        Assert.Equal(2, j.GetProperty("cohorts").GetProperty("starts").GetArrayLength());
        Assert.True(j.GetProperty("rfm").TryGetProperty("Champions", out _));
    }

    [Fact]
    public void Text_ShowsTablesAndWarnings()
    {
        var (code, stdout, _) = Run("metrics", WriteHandCsv(), "--period", "month", "--from", "2024-01-01", "--to", "2024-04-01");
        Assert.Equal(0, code);
        Assert.Contains("Retention per month", stdout);
        Assert.Contains("Warnings", stdout);
        Assert.Contains("purchase cycles", stdout);
    }

    [Theory]
    [InlineData("--period", "fortnight", "--period")]
    [InlineData("--from", "01/02/2024", "--from")]
    [InlineData("--churn-alert", "7", "--churn-alert")]
    public void BadOption_ExitCode2WithOneLine(string option, string value, string named)
    {
        var (code, _, stderr) = Run("metrics", WriteHandCsv(), option, value);
        Assert.Equal(2, code);
        Assert.Contains(named, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void AutoPeriod_UsesRecommendedPeriod()
    {
        // Two years hold three half-year comparisons (H1 2023 is the first base), so the recommendation stands.
        var (_, stdout, _) = Run("metrics", WriteHandCsv(), "--json", "--from", "2023-01-01", "--to", "2025-01-01");
        Assert.Equal("half-year", JsonDocument.Parse(stdout).RootElement.GetProperty("period").GetString());
    }

    [Fact]
    public void SeedRateAbove100Percent_IsExplained()
    {
        // December: X only. January: X is lost, Y and Z (first seen in October) come back.
        Transactions t = Transactions.FromRows(
        [
            Buy("Y", "1", "2023-10-05", 10), Buy("Z", "2", "2023-10-06", 10), Buy("X", "3", "2023-12-05", 10),
            Buy("Y", "4", "2024-01-05", 10), Buy("Z", "5", "2024-01-06", 10),
        ]);
        var r = PeriodRetention.Compute(Customers.OrderHistory.From(t), PeriodGrid.Create(PeriodLength.Month, D("2023-10-01"), D("2024-02-01")));
        var jan = r.Periods[^1];
        Assert.Equal((1L, 2L, 0L, 1L, 2L), (jan.S, jan.E, jan.N, jan.Lost, jan.Reactivated));
        Assert.Equal(2.0, jan.RetentionRate.Value);
        Assert.Contains(jan.Warnings, w => w.Contains("above 100 %") && w.Contains("strict retention"));
    }
}
