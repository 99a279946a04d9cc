using System.Globalization;
using static RetentionKit.Clv.SpecialFunctions;

namespace RetentionKit.Clv;

/// <summary>Gamma–Gamma parameters: spend per transaction ~ Gamma(p, ν), ν ~ Gamma(q, γ) (here γ is <see cref="V"/>).</summary>
public sealed record GammaGammaParameters(double P, double Q, double V)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p = {P:0.####}, q = {Q:0.####}, v = {V:0.####}");
}

/// <summary>
/// A fitted Gamma–Gamma spend model (Fader &amp; Hardie 2013) on customers with repeat purchases and positive mean spend.
/// The model assumes spend is independent of purchase frequency: <see cref="FrequencySpendCorrelation"/> is that check.
/// </summary>
/// <param name="Parameters">Maximum likelihood estimates.</param>
/// <param name="StandardErrors">From the inverse Hessian.</param>
/// <param name="LogLikelihood">Total log-likelihood.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="Exit">Why it stopped.</param>
/// <param name="Customers">Customers used (frequency &gt; 0 and mean spend &gt; 0).</param>
/// <param name="FrequencySpendCorrelation">Pearson correlation of frequency and mean spend among them (near 0 supports the model).</param>
/// <param name="Warnings">A strong correlation, q ≤ 1 (no finite mean), and the like.</param>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, GammaGammaParameters StandardErrors, double LogLikelihood, int Iterations, FitExit Exit,
    long Customers, double FrequencySpendCorrelation, IReadOnlyList<string> Warnings)
{
    /// <summary>The estimates' covariance (p, q, v), or null when the information matrix is singular.</summary>
    internal double[,]? Covariance { get; init; }
    internal GammaGammaFit WithParameters(double[] theta) => this with { Parameters = new GammaGammaParameters(theta[0], theta[1], theta[2]) };
    internal double[] Estimates => [Parameters.P, Parameters.Q, Parameters.V];

    /// <summary>Whether the optimiser reached a maximum.</summary>
    public bool Converged => Exit is FitExit.GradientConverged or FitExit.ObjectiveConverged;

    /// <summary>E[spend per transaction | x repeat purchases averaging m] = p (v + x m) / (p x + q − 1); the population mean p v / (q − 1) for x = 0.</summary>
    public double ConditionalExpectedSpend(int frequency, double meanSpend)
    {
        var (p, q, v) = (Parameters.P, Parameters.Q, Parameters.V);
        if (frequency == 0 || double.IsNaN(meanSpend)) return q > 1 ? p * v / (q - 1) : double.NaN;
        return p * (v + frequency * meanSpend) / (p * frequency + q - 1);
    }

    /// <summary>The parameters with their standard errors.</summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Parameter", new[] { "p", "q", "v" })
        .Add("Estimate", new[] { Parameters.P, Parameters.Q, Parameters.V })
        .Add("StandardError", new[] { StandardErrors.P, StandardErrors.Q, StandardErrors.V }).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Gamma–Gamma {Parameters}; log-likelihood {LogLikelihood:0.##}; {Exit}; {Customers:N0} customers; corr(frequency, spend) = {FrequencySpendCorrelation:0.###}.");
}

/// <summary>Fits the Gamma–Gamma model.</summary>
public static class GammaGamma
{
    /// <summary>
    /// One customer's log-likelihood of mean spend m over x transactions:
    /// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v).
    /// </summary>
    public static double LogLikelihood(GammaGammaParameters g, int frequency, double meanSpend)
    {
        double px = g.P * frequency;
        return LogGamma(px + g.Q) - LogGamma(px) - LogGamma(g.Q) + g.Q * Math.Log(g.V) + (px - 1) * Math.Log(meanSpend)
            + px * Math.Log(frequency) - (px + g.Q) * Math.Log(frequency * meanSpend + g.V);
    }

    /// <summary>Fits on the summary's customers with frequency &gt; 0 and mean spend &gt; 0.</summary>
    /// <exception cref="ArgumentException">No such customers.</exception>
    /// <exception cref="ModelFitException">Strict and not converged.</exception>
    public static GammaGammaFit Fit(CustomerSummary summary, double penalty = 0, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var x = new List<int>(); var m = new List<double>();
        for (int i = 0; i < summary.Count; i++)
            if (summary.Frequency[i] > 0 && summary.MonetaryValue[i] > 0) { x.Add(summary.Frequency[i]); m.Add(summary.MonetaryValue[i]); }
        if (x.Count == 0) throw new ArgumentException("No customer has repeat purchases with positive spend: the Gamma–Gamma model cannot be fitted.", nameof(summary));
        int n = x.Count;
        var lnM = m.Select(v => Math.Log(v)).ToArray();
        var lnX = x.Select(v => Math.Log(v)).ToArray();
        double LL(ReadOnlySpan<double> th, Span<double> grad)
        {
            double p = th[0], q = th[1], v = th[2];
            double lgQ = LogGamma(q), psiQ = Digamma(q), lnV = Math.Log(v);
            double ll = 0, gp = 0, gq = 0, gv = 0;
            for (int i = 0; i < n; i++)
            {
                double px = p * x[i], lnXmV = Math.Log(x[i] * m[i] + v);
                double psiPxQ = Digamma(px + q);
                ll += LogGamma(px + q) - LogGamma(px) - lgQ + q * lnV + (px - 1) * lnM[i] + px * lnX[i] - (px + q) * lnXmV;
                gp += x[i] * (psiPxQ - Digamma(px) + lnM[i] + lnX[i] - lnXmV);
                gq += psiPxQ - psiQ + lnV - lnXmV;
                gv += q / v - (px + q) / (x[i] * m[i] + v);
            }
            grad[0] = gp; grad[1] = gq; grad[2] = gv;
            return ll;
        }
        Bfgs.Objective f = (phi, grad) =>
        {
            Span<double> th = stackalloc double[3];
            for (int i = 0; i < 3; i++) th[i] = Math.Exp(phi[i]);
            double value = -LL(th, grad) / n;
            for (int i = 0; i < 3; i++) { grad[i] = -grad[i] * th[i] / n + 2 * penalty * th[i] * th[i]; value += penalty * th[i] * th[i]; }
            return value;
        };
        double meanM = m.Average();
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, [0, Math.Log(2), Math.Log(meanM)]);
        var th = phiHat.Select(v => Math.Exp(v)).ToArray();
        double ll = LL(th, new double[3]);
        var cov = Bfgs.Covariance(t => { var g = new double[3]; LL(t, g); return g.Select(v => -v).ToArray(); }, th);
        var se = Bfgs.StandardErrorsOf(cov, 3);
        double corr = Pearson(x.Select(v => (double)v).ToArray(), m.ToArray());
        var warnings = new List<string>();
        if (Math.Abs(corr) > 0.3)
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"frequency and spend correlate ({corr:0.00}); the Gamma–Gamma model assumes they are independent, so its spend predictions are biased."));
        if (th[1] <= 1) warnings.Add("q ≤ 1: the fitted spend distribution has no finite mean; conditional spend for customers without repeats is undefined.");
        var fit = new GammaGammaFit(new GammaGammaParameters(th[0], th[1], th[2]), new GammaGammaParameters(se[0], se[1], se[2]), ll, iterations, exit, n, corr, warnings) { Covariance = cov };
        if (strict && !fit.Converged) throw new ModelFitException($"The Gamma–Gamma fit did not converge: {exit} after {iterations} iterations.");
        return fit;
    }

    internal static double Pearson(double[] a, double[] b)
    {
        if (a.Length < 2) return double.NaN;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
