using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Synthetic;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Clv;

public class SpendAndValueTests
{
    [Fact]
    public void Summary_MergesSameDayPurchases_AndMeasuresFractionalWeeks()
    {
        var t = Transactions.FromRows(
        [
            Buy("A", "1", "2024-01-01 09:00", 10),
            Buy("A", "2", "2024-01-01 18:00", 5),   // same day: merged into one purchase of 15
            Buy("A", "3", "2024-01-11 10:00", 30),  // 10 days later: recency 1.43 weeks
            Buy("A", "4", "2024-01-21 10:00", 50),
            Buy("A", "5", "2024-02-05 10:00", 7),   // holdout
            Buy("B", "6", "2024-01-30 10:00", 20),  // first purchase on the last calibration day
            Buy("C", "7", "2024-02-02 10:00", 20),  // first seen in the holdout: not in the summary
        ]);
        var s = CustomerSummary.CalibrationHoldout(OrderHistory.From(t), TimeUnit.Week, D("2024-01-31"), D("2024-02-29"));
        Assert.Equal(["A", "B"], s.CustomerIds);
        Assert.Equal(2, s.Frequency[0]);
        Assert.Equal(20 / 7.0, s.Recency[0], 12);
        Assert.Equal(29 / 7.0, s.T[0], 12);        // 1 to 30 January, the last observed day
        Assert.Equal((30 + 50) / 2.0, s.MonetaryValue[0], 12);
        Assert.Equal((0, 0.0, 0.0), (s.Frequency[1], s.Recency[1], s.T[1]));
        Assert.True(double.IsNaN(s.MonetaryValue[1]));
        Assert.Equal([1, 0], s.HoldoutFrequency!);
        Assert.Equal(29 / 7.0, s.HoldoutDuration, 12);
    }

    [Fact]
    public void Summary_HoldoutEndBeforeCalibrationEnd_Throws() =>
        Assert.Throws<ArgumentException>(() => CustomerSummary.CalibrationHoldout(History(), TimeUnit.Day, D("2024-03-01"), D("2024-02-01")));

    public static TheoryData<double, double, double> SpendTruths => new() { { 6, 4, 15 }, { 3, 10, 200 } };

    /// <summary>Recovery for Gamma–Gamma on 10,000 simulated customers: each estimate within 4 standard errors of the truth.</summary>
    [Theory]
    [MemberData(nameof(SpendTruths))]
    public void GammaGamma_RecoversSimulatedParameters(double p, double q, double v)
    {
        var s = BuyTillYouDie.Simulate(new BgNbdParameters(1.5, 10, 2, 6), new GammaGammaParameters(p, q, v), 10_000, seed: 11);
        var fit = GammaGamma.Fit(s);
        Assert.True(fit.Converged);
        var est = new[] { fit.Parameters.P, fit.Parameters.Q, fit.Parameters.V };
        var se = new[] { fit.StandardErrors.P, fit.StandardErrors.Q, fit.StandardErrors.V };
        var tru = new[] { p, q, v };
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(est[i] - tru[i]) < 4 * se[i], $"parameter {i}: estimate {est[i]:0.###} ± {se[i]:0.###}, truth {tru[i]}");
        // Spend was simulated independently of frequency.
        Assert.InRange(fit.FrequencySpendCorrelation, -0.1, 0.1);
        Assert.Empty(fit.Warnings);
    }

    [Fact]
    public void GammaGamma_LogLikelihood_MatchesDirectDensity()
    {
        // x = 1: the mean spend is one Gamma(p, ν) draw with ν ~ Gamma(q, v): a compound density we can integrate numerically.
        var g = new GammaGammaParameters(2, 3, 10);
        double m = 4;
        double integral = 0, step = 0.0005;
        for (double nu = step / 2; nu < 20; nu += step)
        {
            double prior = Math.Exp(3 * Math.Log(10) + 2 * Math.Log(nu) - 10 * nu - SpecialFunctionsForTests.LogGamma(3));
            double like = Math.Exp(2 * Math.Log(nu) + Math.Log(m) - nu * m - SpecialFunctionsForTests.LogGamma(2));
            integral += prior * like * step;
        }
        Assert.Equal(Math.Log(integral), GammaGamma.LogLikelihood(g, 1, m), 5);
    }

    [Fact]
    public void ConditionalSpend_ShrinksTowardsPopulationMean()
    {
        var fit = GammaGamma.Fit(BgNbdTests.CdnowCalibrationWithSpend());
        double population = fit.ConditionalExpectedSpend(0, double.NaN);
        double few = fit.ConditionalExpectedSpend(1, 100), many = fit.ConditionalExpectedSpend(20, 100);
        Assert.InRange(few, Math.Min(population, 100), Math.Max(population, 100));
        Assert.True(Math.Abs(many - 100) < Math.Abs(few - 100));
    }

    [Fact]
    public void LifetimeValue_DiscountingLowersValue_AndTotalsAddUp()
    {
        var s = BgNbdTests.CdnowCalibrationWithSpend();
        var (bg, gg) = (BgNbd.Fit(s), GammaGamma.Fit(s));
        var plain = LifetimeValue.Compute(s, bg, gg, 12, 0, 1);
        var discounted = LifetimeValue.Compute(s, bg, gg, 12, 0.02, 0.3);
        Assert.True(discounted.Total < plain.Total * 0.3);
        Assert.Equal(plain.Customers.Sum(c => c.Clv), plain.Total, 6);
        Assert.True(plain.Customers[0].Clv >= plain.Customers[^1].Clv);
        Assert.All(plain.Customers, c => Assert.True(c.Clv >= 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeValue.Compute(s, bg, gg, 0));
    }

    [Fact]
    public void SimpleClv_Historic_IsNetRevenuePerCustomer()
    {
        var rows = SimpleClv.Historic(History());
        Assert.Equal(("B", 300.0), rows[0]);
        Assert.Equal(230.0, rows.Single(r => r.CustomerId == "A").Revenue, 9);
        Assert.Equal(-20.0, rows.Single(r => r.CustomerId == "D").Revenue, 9); // only a return
    }

    [Theory]
    [InlineData(50, 2, 0.25, 1, 0, 400)]       // 100 a period for 4 periods
    [InlineData(50, 2, 0.25, 0.5, 0.05, 166.67)] // 50 a period / (0.25 + 0.05)
    public void SimpleClv_Predictive(double aov, double orders, double churn, double margin, double discount, double expected) =>
        Assert.Equal(expected, SimpleClv.Predictive(aov, orders, churn, margin, discount), 2);

    [Fact]
    public void SimpleClv_NoChurnNoDiscount_IsUndefined() => Assert.True(double.IsNaN(SimpleClv.Predictive(50, 2, 0)));
}
