using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Clv;

public class BgNbdTests
{
    internal static CustomerSummary CdnowCalibration()
    {
        var t = TransactionLoader.Load(Path.Combine(TestData.Root, "data", "cdnow", "CDNOW_sample.txt"), LoadOptions.Cdnow).Transactions;
        return CustomerSummary.CalibrationHoldout(OrderHistory.From(t), TimeUnit.Week, new DateTime(1997, 10, 1), new DateTime(1998, 7, 1));
    }

    internal static CustomerSummary CdnowCalibrationWithSpend() => CdnowCalibration();

    [Fact]
    public void Fit_CdnowSample39Weeks_ReproducesThePaper()
    {
        // Fader, Hardie & Lee (2005), table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        var fit = BgNbd.Fit(CdnowCalibration());
        Assert.True(fit.Converged, fit.Exit.ToString());
        Assert.Equal(2357, fit.Customers);
        Assert.Equal(0.243, fit.Parameters.R, 3);
        Assert.Equal(4.414, fit.Parameters.Alpha, 3);
        Assert.Equal(0.793, fit.Parameters.A, 3);
        Assert.Equal(2.426, fit.Parameters.B, 3);
        Assert.Equal(-9582.4, fit.LogLikelihood, 1);
        Assert.All(fit.StandardErrors.ToString().Split(','), s => Assert.DoesNotContain("NaN", s));
    }

    [Fact]
    public void Holdout_CdnowSample_TracksActualPurchases()
    {
        // The paper's conditional expectations track the holdout but under-forecast it somewhat (its figure 4);
        // on these 2,357 customers the total comes within 15 % and rises with calibration frequency like the actuals.
        var s = CdnowCalibration();
        var v = HoldoutValidation.Compute(s, BgNbd.Fit(s));
        Assert.Equal(39, v.Duration, 9);
        Assert.InRange(v.Predicted / v.Actual, 0.85, 1.15);
        for (int b = 1; b < v.Buckets.Count; b++) Assert.True(v.Buckets[b].MeanPredicted > v.Buckets[b - 1].MeanPredicted);
        Assert.True(v.Buckets[^1].MeanActual > v.Buckets[0].MeanActual * 5);
        Assert.Equal(8, v.Buckets.Count);
        Assert.Equal(s.Count, v.Buckets.Sum(b => b.Customers));
    }

    /// <summary>The paper's likelihood evaluated directly with Γ and B (no logs), on small hand-made data.</summary>
    private static double DirectLikelihood(BgNbdParameters p, int x, double tx, double t)
    {
        static double Gamma(double z) => Math.Exp(SpecialFunctionsForTests.LogGamma(z));
        static double Beta(double a, double b) => Gamma(a) * Gamma(b) / Gamma(a + b);
        double common = Gamma(p.R + x) * Math.Pow(p.Alpha, p.R) / Gamma(p.R);
        double l = Beta(p.A, p.B + x) / Beta(p.A, p.B) * common / Math.Pow(p.Alpha + t, p.R + x);
        if (x > 0) l += Beta(p.A + 1, p.B + x - 1) / Beta(p.A, p.B) * common / Math.Pow(p.Alpha + tx, p.R + x);
        return l;
    }

    [Theory]
    [InlineData(0, 0.0, 38.86)]
    [InlineData(1, 1.71, 38.86)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(7, 29.43, 38.86)]
    [InlineData(29, 37.71, 38.0)]
    public void LogLikelihood_EqualsDirectEvaluationOfThePaper(int x, double tx, double t)
    {
        var p = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);
        Assert.Equal(Math.Log(DirectLikelihood(p, x, tx, t)), BgNbd.LogLikelihood(p, x, tx, t), 9);
    }

    public static TheoryData<double, double, double, double> Truths => new()
    {
        { 0.25, 4.0, 0.8, 2.5 },   // CDNOW-like: rare buyers, a third drop out early
        { 1.5, 10.0, 2.0, 6.0 },   // frequent buyers, low drop-out
    };

    /// <summary>
    /// Recovery: 10,000 simulated customers per parameter set. Each estimate must lie within 4 of its own standard
    /// errors of the truth (a seeded draw; 4 SE leaves room for the mild small-sample bias of a and b) and the
    /// standard errors must be below a quarter of the value, so the check has teeth.
    /// </summary>
    [Fact]
    public void Fit_OnMoreRowsThanOneCoreSums_RecoversTheTruth_WithTheSequentialLikelihood()
    {
        // 400,000 simulated customers: past 200,000 distinct rows the likelihood is summed in chunks on every core. The
        // fit's log-likelihood must be the plain per-customer sum at its estimate, and the estimate the truth.
        var truth = new BgNbdParameters(0.6, 4.0, 0.8, 2.5);
        var s = BuyTillYouDie.Simulate(truth, null, 400_000, seed: 11);
        var fit = BgNbd.Fit(s);
        Assert.True(fit.Converged);
        double sequential = 0;
        for (int i = 0; i < s.Count; i++) sequential += BgNbd.LogLikelihood(fit.Parameters, s.Frequency[i], s.Recency[i], s.T[i]);
        Assert.Equal(sequential, fit.LogLikelihood, Math.Abs(sequential) * 1e-10);
        Assert.Equal(BitConverter.DoubleToInt64Bits(fit.LogLikelihood), BitConverter.DoubleToInt64Bits(BgNbd.Fit(s).LogLikelihood));
        var est = new[] { fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B };
        var se = new[] { fit.StandardErrors.R, fit.StandardErrors.Alpha, fit.StandardErrors.A, fit.StandardErrors.B };
        var tru = new[] { truth.R, truth.Alpha, truth.A, truth.B };
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(est[i] - tru[i]) < 4 * se[i], $"parameter {i}: estimate {est[i]:0.####} ± {se[i]:0.####}, truth {tru[i]}");
    }

    [Theory]
    [MemberData(nameof(Truths))]
    public void Fit_RecoversSimulatedParameters(double r, double alpha, double a, double b)
    {
        var truth = new BgNbdParameters(r, alpha, a, b);
        var s = BuyTillYouDie.Simulate(truth, null, 10_000, seed: 7);
        var fit = BgNbd.Fit(s);
        Assert.True(fit.Converged);
        var est = new[] { fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B };
        var se = new[] { fit.StandardErrors.R, fit.StandardErrors.Alpha, fit.StandardErrors.A, fit.StandardErrors.B };
        var tru = new[] { r, alpha, a, b };
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(est[i] - tru[i]) < 4 * se[i], $"parameter {i}: estimate {est[i]:0.###} ± {se[i]:0.###}, truth {tru[i]}");
            Assert.True(se[i] < 0.25 * tru[i], $"parameter {i}: standard error {se[i]:0.###} too wide to test anything");
        }
    }

    [Fact]
    public void Fit_DoesNotDependOnCustomerOrder()
    {
        var s = BuyTillYouDie.Simulate(new BgNbdParameters(0.25, 4, 0.8, 2.5), null, 3000, seed: 3);
        var order = Enumerable.Range(0, s.Count).OrderBy(i => (i * 7919) % 3001).ToArray();
        var shuffled = CustomerSummary.FromStatistics(TimeUnit.Week, order.Select(i => s.Frequency[i]).ToList(), order.Select(i => s.Recency[i]).ToList(), order.Select(i => s.T[i]).ToList());
        var (f1, f2) = (BgNbd.Fit(s), BgNbd.Fit(shuffled));
        Assert.Equal(f1.Parameters.R, f2.Parameters.R, 8);
        Assert.Equal(f1.Parameters.B, f2.Parameters.B, 8);
        Assert.Equal(f1.LogLikelihood, f2.LogLikelihood, 6);
    }

    [Fact]
    public void Predictions_Invariants()
    {
        var fit = BgNbd.Fit(CdnowCalibration());
        Assert.Equal(1, fit.ProbabilityAlive(0, 0, 30));
        foreach (var (x, tx, t) in new[] { (1, 2.0, 38.0), (5, 37.0, 38.0), (5, 5.0, 38.0), (20, 10.0, 39.0) })
        {
            double p = fit.ProbabilityAlive(x, tx, t);
            Assert.InRange(p, 0, 1);
            double previous = 0;
            foreach (double h in new[] { 1.0, 4, 13, 26, 52, 104 })
            {
                double e = fit.ExpectedPurchases(h, x, tx, t);
                Assert.True(e >= previous, $"E[Y({h})] = {e} < {previous} for ({x}, {tx}, {t})");
                previous = e;
            }
        }
        // A customer who bought recently is more likely alive than one who stopped long ago.
        Assert.True(fit.ProbabilityAlive(5, 37, 38) > fit.ProbabilityAlive(5, 5, 38));
    }

    [Fact]
    public void ProbabilityOfPurchases_SumsToOneAndMatchesTheMean()
    {
        var fit = BgNbd.Fit(CdnowCalibration());
        double total = 0, mean = 0;
        for (int n = 0; n < 300; n++) { double p = fit.ProbabilityOfPurchases(n, 39); total += p; mean += n * p; }
        Assert.Equal(1, total, 6);
        Assert.Equal(fit.ExpectedPurchasesNewCustomer(39), mean, 4);
    }

    [Fact]
    public void Fit_NotConverged_SaysSo_AndStrictThrows()
    {
        var s = CdnowCalibration();
        var loose = BgNbd.Fit(s, new BgNbdOptions { MaxIterations = 2 });
        Assert.False(loose.Converged);
        Assert.Equal(FitExit.MaxIterations, loose.Exit);
        Assert.Contains("NOT converged", loose.ToString());
        Assert.Throws<ModelFitException>(() => BgNbd.Fit(s, new BgNbdOptions { MaxIterations = 2, Strict = true }));
    }

    [Fact]
    public void Fit_Penalty_ShrinksParameters()
    {
        var s = CdnowCalibration();
        var plain = BgNbd.Fit(s);
        var penalised = BgNbd.Fit(s, new BgNbdOptions { Penalty = 0.01 });
        Assert.True(penalised.Parameters.Alpha < plain.Parameters.Alpha);
        Assert.True(penalised.LogLikelihood < plain.LogLikelihood);
        Assert.Equal(0.01, penalised.Penalty);
    }
}

/// <summary>The tests' own window on the library's log-gamma (internal), for the direct evaluation.</summary>
internal static class SpecialFunctionsForTests
{
    public static double LogGamma(double x) => RetentionKit.Clv.SpecialFunctions.LogGamma(x);
}
