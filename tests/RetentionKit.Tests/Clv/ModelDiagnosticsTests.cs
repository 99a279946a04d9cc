using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Clv;

/// <summary>The BG/NBD diagnostics of the anchors (lifetimes, PyMC-Marketing, CLVTools), on CDNOW and on simulated customers.</summary>
public class ModelDiagnosticsTests
{
    private static readonly DateTime CalibrationEnd = new(1997, 10, 1), HoldoutEnd = new(1998, 7, 1);
    private static readonly Lazy<(OrderHistory History, CustomerSummary Summary, BgNbdFit Fit)> Cdnow = new(() =>
    {
        var h = OrderHistory.From(TransactionLoader.Load(TestData.CdnowSample, LoadOptions.Cdnow).Transactions);
        var s = CustomerSummary.CalibrationHoldout(h, TimeUnit.Week, CalibrationEnd, HoldoutEnd);
        return (h, s, BgNbd.Fit(s));
    });

    /// <summary>
    /// CDNOW's calibration customers made 2,457 repeat purchases (lifetimes' cdnow_customers_summary) and 1,882 in the
    /// holdout; the tracking plot's actual line must end on those, and the model follows the calibration closely.
    /// </summary>
    [Fact]
    public void Tracking_OnCdnow_EndsOnThePublishedCounts_AndTheModelFollowsIt()
    {
        var (h, s, fit) = Cdnow.Value;
        var t = TrackingPlot.Compute(h, fit, CalibrationEnd, HoldoutEnd);
        Assert.Equal(2357, t.Customers);
        Assert.Equal(2457, t.AtCalibrationEnd.Actual);
        Assert.Equal(s.Frequency.Sum(), t.AtCalibrationEnd.Actual);
        Assert.Equal(s.HoldoutFrequency!.Sum(), t.AtHoldoutEnd.Actual - t.AtCalibrationEnd.Actual);
        Assert.Equal(1882, t.AtHoldoutEnd.Actual - t.AtCalibrationEnd.Actual);
        Assert.InRange(t.AtCalibrationEnd.Expected / t.AtCalibrationEnd.Actual, 0.97, 1.03);
        double holdoutModel = t.AtHoldoutEnd.Expected - t.AtCalibrationEnd.Expected;
        Assert.InRange(holdoutModel / 1882, 0.80, 1.05); // FHL 2005 fig. 2: the model runs a little under in the holdout
        Assert.True(t.Points.Zip(t.Points.Skip(1)).All(p => p.Second.Actual >= p.First.Actual && p.Second.Expected >= p.First.Expected - 1e-9), "cumulative counts must not fall");
    }

    [Fact]
    public void PeriodTransactions_RecoverTheHistogram_OfSimulatedCustomers()
    {
        var truth = new BgNbdParameters(0.25, 4, 0.8, 2.5);
        var s = BuyTillYouDie.Simulate(truth, null, 20_000, seed: 7);
        var fit = BgNbd.Fit(s);
        var p = PeriodTransactions.Compute(s, fit);
        Assert.Equal(8, p.Rows.Count);
        Assert.Equal("7+", p.Rows[^1].Frequency);
        Assert.Equal(s.Count, p.Rows.Sum(r => r.Actual));
        Assert.Equal(s.Count, p.Rows.Sum(r => r.Expected), 6);
        foreach (var r in p.Rows)
            Assert.True(Math.Abs(r.Actual - r.Expected) <= 4 * Math.Sqrt(r.Expected) + 0.03 * r.Expected, $"x = {r.Frequency}: actual {r.Actual}, expected {r.Expected:0.0}");
    }

    [Fact]
    public void AliveHistory_IsOneUntilTheFirstRepeat_JumpsAtPurchases_AndEndsOnTheSummary()
    {
        var (h, s, fit) = Cdnow.Value;
        int i = Enumerable.Range(0, s.Count).First(k => s.Frequency[k] >= 3);
        var id = s.CustomerIds[i];
        var history = AliveHistory.Of(h, fit, id, CalibrationEnd);
        var points = history.Points;
        int firstRepeat = points.Select((p, k) => (p, k)).Where(v => v.p.Purchase).Skip(1).First().k;
        Assert.All(points.Take(firstRepeat), p => Assert.Equal(1.0, p.ProbabilityAlive));
        for (int k = firstRepeat + 1; k < points.Count; k++)
            if (!points[k].Purchase) Assert.True(points[k].ProbabilityAlive <= points[k - 1].ProbabilityAlive + 1e-12, $"day {k}: P(alive) rose without a purchase");
        Assert.Equal(fit.ProbabilityAlive(s.Frequency[i], s.Recency[i], s.T[i]), points[^1].ProbabilityAlive, 12);
        Assert.Equal(CalibrationEnd.AddDays(-1), points[^1].At);
        Assert.Throws<ArgumentException>(() => AliveHistory.Of(h, fit, "nobody", CalibrationEnd));
    }

    [Fact]
    public void ExpectedPurchasesMatrix_IsTheFitsPrediction_AndRisesWithRecency()
    {
        var fit = Cdnow.Value.Fit;
        var m = ExpectedPurchasesMatrix.Compute(fit, 39, 39, maxFrequency: 10, steps: 20);
        Assert.Equal(fit.ExpectedPurchases(39, 4, m.Recencies[10], 39), m.Values[4][10], 12);
        Assert.True(double.IsNaN(m.Values[0][5]));
        for (int x = 1; x <= 10; x++)
            for (int j = 1; j < m.Recencies.Count; j++)
                Assert.True(m.Values[x][j] >= m.Values[x][j - 1] - 1e-12, $"x = {x}: falls with recency at {m.Recencies[j]}");
    }

    [Fact]
    public void CustomerForecast_RanksByExpectedPurchases()
    {
        var (_, s, fit) = Cdnow.Value;
        var f = CustomerForecast.Rank(s, fit, 39);
        Assert.Equal(s.Count, f.Customers.Count);
        Assert.True(f.Customers.Zip(f.Customers.Skip(1)).All(p => p.First.ExpectedPurchases >= p.Second.ExpectedPurchases));
        var top = f.Customers[0];
        int i = s.CustomerIds.ToList().IndexOf(top.CustomerId);
        Assert.Equal(fit.ExpectedPurchases(39, s.Frequency[i], s.Recency[i], s.T[i]), top.ExpectedPurchases, 12);
        // The holdout prediction of HoldoutValidation is the same sum.
        Assert.Equal(HoldoutValidation.Compute(s, fit).Predicted, f.Customers.Sum(c => c.ExpectedPurchases), 6);
    }

    [Fact]
    public void Meaning_StatesTheMeanRate_AndTheDropout()
    {
        var fit = Cdnow.Value.Fit;
        var text = fit.Meaning;
        Assert.Contains((fit.Parameters.R / fit.Parameters.Alpha).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Contains("95 % interval", text);
        Assert.Contains((fit.Parameters.A / (fit.Parameters.A + fit.Parameters.B)).ToString("P1", System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
