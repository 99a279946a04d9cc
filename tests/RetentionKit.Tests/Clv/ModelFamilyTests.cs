using RetentionKit.Clv;
using RetentionKit.Data;
using RetentionKit.Survival;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Clv;

/// <summary>Pareto/NBD, BG/BB and sBG: the published numbers, the special function they lean on, and recovery of known truths.</summary>
public class ModelFamilyTests
{
    /// <summary>v rounded to three significant digits, as papers print their estimates.</summary>
    private static double Sig3(double v) => v == 0 ? 0 : Math.Round(v, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    [InlineData(0.99999)]
    public void LogHyp2F1_MatchesClosedForms(double z)
    {
        Assert.Equal(Math.Log(-Math.Log(1 - z) / z), SpecialFunctions.LogHyp2F1(1, 1, 2, z), 10);
        Assert.Equal(-2.5 * Math.Log(1 - z), SpecialFunctions.LogHyp2F1(2.5, 1.7, 1.7, z), 9);
        double w = Math.Sqrt(z);
        Assert.Equal(Math.Log(Math.Asin(w) / w), SpecialFunctions.LogHyp2F1(0.5, 0.5, 1.5, z), 10);
        Assert.Equal(0, SpecialFunctions.LogHyp2F1(3.1, 2.2, 4.4, 0));
    }

    [Fact]
    public void LogHyp2F1_EulerAndSeries_Agree()
    {
        // c − a − b < 0 and z > 0.5 takes the transformed route; the plain series (slow but sure at z = 0.7) must agree.
        double direct = 1, term = 1;
        for (int n = 0; n < 20_000; n++) { term *= (2.5 + n) * (1.6 + n) / ((3.5 + n) * (n + 1)) * 0.7; direct += term; }
        Assert.Equal(Math.Log(direct), SpecialFunctions.LogHyp2F1(2.5, 1.6, 3.5, 0.7), 11);
    }

    [Fact]
    public void ParetoNbd_CdnowSample39Weeks_ReproducesThePublishedFit()
    {
        // Fader, Hardie & Lee (2005): r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9,594.98.
        var fit = ParetoNbd.Fit(BgNbdTests.CdnowCalibration());
        Assert.True(fit.Converged, fit.Exit.ToString());
        Assert.Equal(0.553, Sig3(fit.Parameters.R));
        Assert.Equal(10.6, Sig3(fit.Parameters.Alpha));
        Assert.Equal(0.606, Sig3(fit.Parameters.S));
        Assert.Equal(11.7, Sig3(fit.Parameters.Beta));
        Assert.Equal(-9594.98, fit.LogLikelihood, 1);
        Assert.All(fit.StandardErrors.ToArray(), se => Assert.True(double.IsFinite(se) && se > 0));
    }

    [Fact]
    public void BgBb_Donations_ReproducesThePaper()
    {
        // Fader, Hardie & Shang (2010): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783.
        var data = DiscreteSummary.Parse(File.ReadAllText(Path.Combine(TestData.Root, "data", "donations", "donations.csv")), "donations.csv");
        Assert.Equal(11_104, data.Customers);
        var fit = BgBb.Fit(data);
        Assert.True(fit.Converged, fit.Exit.ToString());
        Assert.Equal(1.20, Sig3(fit.Parameters.Alpha));
        Assert.Equal(0.750, Sig3(fit.Parameters.Beta));
        Assert.Equal(0.657, Sig3(fit.Parameters.Gamma));
        Assert.Equal(2.78, Sig3(fit.Parameters.Delta));
        Assert.Equal(-33_225.6, fit.LogLikelihood, 1);
        // The fitted distribution of repeat donations adds up, and its mean is the closed form's.
        double sum = 0, mean = 0;
        for (int x = 0; x <= 6; x++) { double p = fit.ProbabilityOfTransactions(x, 6); sum += p; mean += x * p; }
        Assert.Equal(1, sum, 12);
        Assert.Equal(fit.ExpectedTransactionsNewCustomer(6), mean, 10);
    }

    [Fact]
    public void Sbg_ThePapersCohorts_ReproduceItsEstimates_AndRetentionRises()
    {
        // Fader & Hardie (2007): regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806.
        var regular = ShiftedBetaGeometric.Fit([1000, 631, 468, 382, 326, 289, 262, 241]);
        var high = ShiftedBetaGeometric.Fit([1000, 869, 743, 653, 593, 551, 517, 491]);
        Assert.Equal((0.704, 1.18), (Sig3(regular.Parameters.Alpha), Sig3(regular.Parameters.Beta)));
        Assert.Equal((0.668, 3.81), (Sig3(high.Parameters.Alpha), Sig3(high.Parameters.Beta)));
        for (int t = 2; t <= 12; t++) Assert.True(regular.RetentionRate(t) > regular.RetentionRate(t - 1));
        // The closed form of the discounted residual lifetime is the sum it stands for.
        foreach (int n in new[] { 0, 1, 4 })
        {
            double direct = 0;
            for (int k = 1; k < 200_000; k++) direct += regular.Survival(n + k) / regular.Survival(n) / Math.Pow(1.1, k - 1);
            Assert.Equal(direct, regular.ExpectedResidualLifetime(0.1, n), 6);
        }
        Assert.True(regular.ExpectedResidualLifetime(0.1, 4) > regular.ExpectedResidualLifetime(0.1, 0)); // survivors are the loyal ones
    }

    private static void WithinFourSe(double[] truth, double[] estimate, double[] se, string what)
    {
        for (int i = 0; i < truth.Length; i++)
            Assert.True(Math.Abs(estimate[i] - truth[i]) <= 4 * se[i], $"{what}: parameter {i} is {estimate[i]:G4} ± {se[i]:G3}, the truth {truth[i]}");
    }

    [Theory]
    [InlineData(0.55, 10.5, 0.6, 11.7)]
    [InlineData(1.2, 5.0, 0.3, 4.0)]
    public void ParetoNbd_RecoversSimulatedParameters(double r, double alpha, double s, double beta)
    {
        var truth = new ParetoNbdParameters(r, alpha, s, beta);
        var fit = ParetoNbd.Fit(BuyTillYouDie.SimulateParetoNbd(truth, 10_000, seed: 11));
        Assert.True(fit.Converged, fit.Exit.ToString());
        WithinFourSe(truth.ToArray(), fit.Parameters.ToArray(), fit.StandardErrors.ToArray(), "Pareto/NBD");
    }

    [Theory]
    [InlineData(1.2, 0.75, 0.66, 2.8)]
    [InlineData(0.5, 1.5, 1.0, 5.0)]
    public void BgBb_RecoversSimulatedParameters(double alpha, double beta, double gamma, double delta)
    {
        var truth = new BgBbParameters(alpha, beta, gamma, delta);
        var fit = BgBb.Fit(BuyTillYouDie.SimulateBgBb(truth, 20_000, 10, seed: 5));
        Assert.True(fit.Converged, fit.Exit.ToString());
        WithinFourSe(truth.ToArray(), fit.Parameters.ToArray(), fit.StandardErrors.ToArray(), "BG/BB");
    }

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(0.6, 3.8)]
    public void Sbg_RecoversSimulatedParameters(double alpha, double beta)
    {
        var fit = ShiftedBetaGeometric.Fit(BuyTillYouDie.SimulateSbg(alpha, beta, 5_000, 8, seed: 9));
        Assert.True(fit.Converged, fit.Exit.ToString());
        WithinFourSe([alpha, beta], [fit.Parameters.Alpha, fit.Parameters.Beta], [fit.StandardErrors.Alpha, fit.StandardErrors.Beta], "sBG");
    }

    [Fact]
    public void Sbg_OnSubscriptions_FindsTheGeneratorsMonthlyChurn()
    {
        // The generator's subscribers all churn 4 % a month: one θ for everyone, so the fitted mean churn is 4 % and the
        // retention rate barely rises (α + β large).
        var data = SyntheticData.Generate(new SyntheticOptions { Subscribers = 5_000, Seed = 4 });
        var fit = ShiftedBetaGeometric.Fit(data.Subscriptions, data.Options.End);
        double churn = fit.Parameters.Alpha / (fit.Parameters.Alpha + fit.Parameters.Beta);
        Assert.InRange(churn, 0.035, 0.045);
        Assert.InRange(fit.RetentionRate(12) - fit.RetentionRate(1), 0, 0.01);
        Assert.InRange(fit.Customers, 4_000, 5_000);
        Assert.StartsWith("Retention barely changes with tenure", fit.Meaning);
        Assert.StartsWith("Retention rises with tenure", ShiftedBetaGeometric.Fit([1000, 631, 468, 382, 326, 289, 262, 241]).Meaning);
        // A monthly subscription ending on its first renewal date, whatever the month's length, was lost in period 1.
        Assert.Equal(1, ShiftedBetaGeometric.MonthsBetween(new DateTime(2024, 1, 31), new DateTime(2024, 2, 29)), 1);
        Assert.Equal(1, ShiftedBetaGeometric.MonthsBetween(new DateTime(2024, 2, 15), new DateTime(2024, 3, 15)), 12);
        Assert.Equal(1.5, ShiftedBetaGeometric.MonthsBetween(new DateTime(2024, 3, 1), new DateTime(2024, 4, 16)), 12);
    }

    /// <summary>
    /// The bootstrap's intervals cover the truth at about their nominal rate: on 40 simulated customer bases, the 95 %
    /// interval of the base's expected purchases in the next 26 weeks (drawn from the fit's covariance) holds the value
    /// the true parameters give in about 95 % of them.
    /// </summary>
    [Fact]
    public void ParameterDraws_CoverTheTruth_AtAboutTheirNominalRate()
    {
        var truth = new BgNbdParameters(0.5, 6, 0.7, 2.5);
        int covered = 0, bases = 40;
        for (int k = 0; k < bases; k++)
        {
            var summary = BuyTillYouDie.Simulate(truth, null, 1_500, seed: 100 + k);
            var fit = BgNbd.Fit(summary);
            var trueFit = fit.WithParameters(truth.ToArray());
            double Total(IPurchaseModel m) { double s = 0; for (int i = 0; i < summary.Count; i++) s += m.ExpectedPurchases(26, summary.Frequency[i], summary.Recency[i], summary.T[i]); return s; }
            var draws = ParameterDraws.Sample(fit.Estimates, fit.Covariance!, 200, new Random(k)).Select(th => Total(fit.WithParameters(th))).ToArray();
            double target = Total(trueFit);
            if (ClvIntervals.Quantile(draws, 0.025) <= target && target <= ClvIntervals.Quantile(draws, 0.975)) covered++;
        }
        Assert.InRange(covered, 34, 40); // 95 % of 40 is 38; 34 is about 2.5 binomial standard deviations below
    }

    [Fact]
    public void ClvIntervals_OnCdnow_HoldThePointEstimate_AndSayWhatTheyCover()
    {
        var summary = BgNbdTests.CdnowCalibration();
        var models = ClvModels.Fit(summary);
        var intervals = ClvIntervals.Compute(summary, models.BgNbd, models.GammaGamma!, draws: 100);
        Assert.Equal(models.Value!.Total, intervals.Total, 6);
        Assert.True(intervals.TotalLower < intervals.Total && intervals.Total < intervals.TotalUpper, intervals.ToString());
        Assert.All(intervals.Customers.Take(50), c => Assert.True(c.Lower <= c.Clv * 1.0001 && c.Clv <= c.Upper * 1.0001 && c.Lower >= 0, $"{c}"));
        Assert.Contains("not the randomness of future purchases", intervals.Method);
        var pareto = ClvIntervals.Compute(summary, ParetoNbd.Fit(summary), models.GammaGamma!, draws: 50);
        Assert.True(pareto.TotalLower < pareto.Total && pareto.Total < pareto.TotalUpper);
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669, 39.0)]   // α < β: CDNOW
    [InlineData(1.2, 8.0, 0.4, 2.0, 52.0)]          // α > β: the other branch of the hypergeometric terms
    public void ParetoNbd_ProbabilityOfPurchases_SumsToOne_WithTheExpectedMean(double r, double alpha, double s, double beta, double t)
    {
        var fit = new ParetoNbdFit(new ParetoNbdParameters(r, alpha, s, beta), new ParetoNbdParameters(0, 0, 0, 0), 0, 0, FitExit.GradientConverged, 0, 0, TimeUnit.Week);
        double sum = 0, mean = 0;
        for (int x = 0; x < 400; x++) { double p = fit.ProbabilityOfPurchases(x, t); Assert.InRange(p, 0, 1); sum += p; mean += x * p; }
        Assert.Equal(1, sum, 6);
        Assert.Equal(fit.ExpectedPurchasesNewCustomer(t), mean, 4);
    }

    [Fact]
    public void PeriodTransactions_OfBothModels_AddUpToTheCustomers()
    {
        var summary = BgNbdTests.CdnowCalibration();
        var c = ModelComparison.Fit(summary);
        foreach (IPurchaseModel m in new IPurchaseModel[] { c.BgNbd, c.ParetoNbd })
        {
            var p = PeriodTransactions.Compute(summary, m);
            Assert.Equal(m.Model, p.Model);
            Assert.Equal(summary.Count, p.Rows.Sum(r => r.Expected), 3);
            Assert.Equal(1411, p.Rows[0].Actual);
        }
    }

    [Theory]
    [InlineData(0.55, 10.5, 0.6, 11.7)]   // α < β
    [InlineData(1.2, 9.0, 0.4, 2.0)]      // α ≥ β
    [InlineData(0.8, 30.0, 2.5, 1.5)]     // α ≫ β: arguments near 1, Euler's route
    public void ParetoNbd_AnalyticGradient_MatchesCentralDifferences(double r, double alpha, double s, double beta)
    {
        var summary = BuyTillYouDie.SimulateParetoNbd(new ParetoNbdParameters(0.55, 10.5, 0.6, 11.7), 1_500, seed: 3);
        var data = ParetoNbd.Grouped.From(summary);
        double[] theta = [r, alpha, s, beta];
        var grad = new double[4];
        data.LogLikelihood(ParetoNbdParameters.From(theta), grad);
        for (int i = 0; i < 4; i++)
        {
            double h = 1e-6 * theta[i];
            var up = (double[])theta.Clone(); up[i] += h;
            var dn = (double[])theta.Clone(); dn[i] -= h;
            double numeric = (data.LogLikelihood(ParetoNbdParameters.From(up)) - data.LogLikelihood(ParetoNbdParameters.From(dn))) / (2 * h);
            Assert.True(Math.Abs(grad[i] - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"parameter {i}: analytic {grad[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData(2.5, 1.7, 0.3)]
    [InlineData(2.5, 3.7, 0.9)]   // b > 1 and z > 0.5: Euler's route
    [InlineData(0.7, 0.4, 0.95)]
    public void LogHyp2F1WithDerivatives_MatchesTheValueAndItsDifferences(double a, double b, double z)
    {
        var (f, fa, fb, fz) = ParetoNbd.LogHyp2F1WithDerivatives(a, b, z);
        Assert.Equal(SpecialFunctions.LogHyp2F1(a, b, a + 1, z), f, 12);
        const double h = 1e-6;
        Assert.Equal((SpecialFunctions.LogHyp2F1(a + h, b, a + 1 + h, z) - SpecialFunctions.LogHyp2F1(a - h, b, a + 1 - h, z)) / (2 * h), fa, 6);
        Assert.Equal((SpecialFunctions.LogHyp2F1(a, b + h, a + 1, z) - SpecialFunctions.LogHyp2F1(a, b - h, a + 1, z)) / (2 * h), fb, 6);
        Assert.Equal((SpecialFunctions.LogHyp2F1(a, b, a + 1, z + h) - SpecialFunctions.LogHyp2F1(a, b, a + 1, z - h)) / (2 * h), fz, 5);
    }
}
