using RetentionKit.Periods;
using RetentionKit.Retention;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

public class RetentionTests
{
    [Fact]
    public void CustomerRetentionRate_Seed002_Is70PercentAndChurn30()
    {
        var crr = RetentionFormulas.CustomerRetentionRate(start: 1000, end: 900, newCustomers: 200);
        Assert.Equal(0.70, crr.Value, 12);
        // No reactivations in the seed: lost = S − (E − N) = 300.
        Assert.Equal(0.30, RetentionFormulas.ChurnRate(lost: 1000 - (900 - 200), start: 1000).Value, 12);
    }

    [Fact]
    public void CustomerRetentionRate_Seed004_Is90Percent()
    {
        // S = 100 on 1 September, 15 new and 10 cancelled in 30 days, E = 105.
        Assert.Equal(0.90, RetentionFormulas.CustomerRetentionRate(100, 105, 15).Value, 12);
        // The 10 cancellations are the churn: 10 %, and with no reactivations churn = 1 − CRR.
        Assert.Equal(0.10, RetentionFormulas.ChurnRate(lost: 10, start: 100).Value, 12);
    }

    [Fact]
    public void CustomerRetentionRate_NoCustomersAtStart_IsNaNWithReason()
    {
        var crr = RetentionFormulas.CustomerRetentionRate(0, 5, 5);
        Assert.True(double.IsNaN(crr.Value));
        Assert.False(crr.IsDefined);
        Assert.Contains("S = 0", crr.UndefinedReason);
    }

    [Theory]
    [InlineData(0.07, 30, 0.07)]          // already 30 days
    [InlineData(0.19, 91.3125, 0.0669)]   // a quarter's 19 % is under 7 % a month
    [InlineData(0.5, 365.25, 0.0553)]
    public void ThirtyDayEquivalent_RestatesChurn(double churn, double days, double expected) =>
        Assert.Equal(expected, RetentionFormulas.ThirtyDayEquivalent(churn, days), 4);

    [Fact]
    public void PeriodRetention_HandTable_MatchesWorkedCounts()
    {
        var r = PeriodRetention.Compute(History(), Months());
        Assert.Equal(3, r.Periods.Count);
        var (jan, feb, mar) = (r.Periods[0], r.Periods[1], r.Periods[2]);

        // January: nobody in December, so S = 0 and every rate is undefined with a reason.
        Assert.Equal((0L, 3L, 3L), (jan.S, jan.E, jan.N));
        Assert.True(double.IsNaN(jan.RetentionRate.Value));
        Assert.Contains(jan.Warnings, w => w.Contains("S = 0"));

        // February: S = {A, B, E}; E = {A (boundary order), C}; N = {C}; D's return is not activity.
        Assert.Equal((3L, 2L, 1L, 1L, 2L, 0L), (feb.S, feb.E, feb.N, feb.Retained, feb.Lost, feb.Reactivated));
        Assert.Equal(1.0 / 3, feb.RetentionRate.Value, 12);
        Assert.Equal(1.0 / 3, feb.StrictRetentionRate.Value, 12);
        Assert.Equal(2.0 / 3, feb.ChurnRate.Value, 12);

        // March: S = {A, C}; E = {A, B}; B is reactivated (first order in January, absent in February).
        Assert.Equal((2L, 2L, 0L, 1L, 1L, 1L), (mar.S, mar.E, mar.N, mar.Retained, mar.Lost, mar.Reactivated));
        Assert.Equal(1.0, mar.RetentionRate.Value, 12);
        Assert.Equal(0.5, mar.StrictRetentionRate.Value, 12);
        Assert.Equal(0.5, mar.ChurnRate.Value, 12);
    }

    [Fact]
    public void PeriodRetention_Identities_HoldOnEveryRow()
    {
        // March: (E − N)/S = 100 % = strict 50 % + reactivated/S 50 %; strict 50 % + churn 50 % = 100 %.
        var mar = PeriodRetention.Compute(History(), Months()).Periods[2];
        Assert.Equal(mar.RetentionRate.Value, mar.StrictRetentionRate.Value + mar.ReactivatedShare.Value, 12);
        Assert.Equal(1.0, mar.StrictRetentionRate.Value + mar.ChurnRate.Value, 12);
        Assert.Contains("(E − N)/S 100.0 % = strict 50.0 % + reactivated/S 50.0 %", mar.Identities);
    }

    [Fact]
    public void PeriodRetention_ShortPeriod_WarnsOnEveryPeriod()
    {
        // The hand table's cycle is 38.75 days (median of A's 32.5 and B's 45), so a month is 0.79 cycles.
        var r = PeriodRetention.Compute(History(), Months());
        Assert.Contains(r.Warnings, w => w.Contains("purchase cycles"));
        Assert.All(r.Periods, p => Assert.Contains(p.Warnings, w => w.Contains("purchase cycles")));
        // Every period-based result says so, not only retention.
        var revenue = RetentionKit.Revenue.RevenueRetention.Compute(History(), Months());
        Assert.All(revenue.Periods, p => Assert.Contains(p.Warnings, w => w.Contains("purchase cycles")));
        Assert.Contains(RetentionKit.Cohorts.CohortMatrix.Compute(History(), Months()).Warnings, w => w.Contains("purchase cycles"));
    }

    [Fact]
    public void PeriodRetention_SeedRateAbove100Percent_WarnsAndPointsToStrictRate()
    {
        var r = PeriodRetention.Compute(History(), Months());
        var mar = r.Periods[2];
        Assert.Equal(1.0, mar.RetentionRate.Value, 12); // not above: no warning
        Assert.DoesNotContain(mar.Warnings, w => w.Contains("above 100 %"));
    }

    [Fact]
    public void PeriodRetention_ToDataFrame_HasOneRowPerPeriod()
    {
        var df = PeriodRetention.Compute(History(), Months()).ToDataFrame();
        Assert.Equal(3, df.Rows.Count);
        Assert.Equal(3L, df["S"][1]);
        Assert.True(double.IsNaN((double)df["RetentionRate"][0]!));
    }
}
