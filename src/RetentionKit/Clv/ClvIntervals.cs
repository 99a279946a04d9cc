using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Synthetic;

namespace RetentionKit.Clv;

/// <summary>One customer's CLV with the interval its parameters' uncertainty gives.</summary>
public sealed record ClvInterval(string CustomerId, double Clv, double Lower, double Upper);

/// <summary>
/// Intervals on CLV by a parametric bootstrap: the fitted parameters of the purchase model and of Gamma–Gamma are drawn
/// again and again from their estimates' asymptotic distribution (normal in the log parameters, with the covariance of the
/// fit), CLV is recomputed for every draw, and the interval is the middle <see cref="Level"/> of the draws, for each
/// customer and for the total. A bootstrap rather than the delta method because CLV is far from linear in the parameters
/// (ratios, powers, a hypergeometric function), so its distribution is skewed: the delta method's symmetric interval
/// would reach below zero for small customers. Drawing log parameters keeps every draw positive.
/// What the interval covers: the uncertainty of the expected CLV that comes from having estimated the models on this many
/// customers. It is not a prediction interval for what a customer will actually spend, which is far wider (one future
/// purchase more or less).
/// </summary>
public sealed record ClvIntervals(int Draws, double Level, double Total, double TotalLower, double TotalUpper, IReadOnlyList<ClvInterval> Customers)
{
    /// <summary>How the intervals were made, in a sentence.</summary>
    public string Method => string.Create(CultureInfo.InvariantCulture,
        $"parametric bootstrap: {Draws} draws of the purchase model's and Gamma–Gamma's parameters from the fits' covariance (normal in log parameters); {Level:P0} of the draws lie in each interval. They cover the estimation uncertainty of the expected CLV, not the randomness of future purchases.");

    /// <summary>
    /// Draws <paramref name="draws"/> parameter sets of both models and recomputes CLV as <see cref="LifetimeValue.Compute"/> does.
    /// </summary>
    /// <exception cref="ModelFitException">A fit has no covariance (its information matrix is singular: at a boundary).</exception>
    public static ClvIntervals Compute(CustomerSummary summary, IPurchaseModel purchases, GammaGammaFit spend, int horizonMonths = 12, double monthlyDiscountRate = 0.01,
        double margin = 1, int draws = 200, int seed = 1, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        if (draws < 20) throw new ArgumentOutOfRangeException(nameof(draws), draws, "At least 20 draws are needed for an interval.");
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "The level is a fraction between 0 and 1.");
        var (estimates, covariance, with) = purchases switch
        {
            BgNbdFit b => (b.Estimates, b.Covariance, (Func<double[], IPurchaseModel>)(th => b.WithParameters(th))),
            ParetoNbdFit p => (p.Estimates, p.Covariance, th => p.WithParameters(th)),
            _ => throw new ArgumentException($"no parameter draws for {purchases.Model}", nameof(purchases)),
        };
        if (covariance is null) throw new ModelFitException($"No CLV interval: the {purchases.Model} fit has no covariance (its information matrix is singular: the estimates lie at a boundary).");
        if (spend.Covariance is null) throw new ModelFitException("No CLV interval: the Gamma–Gamma fit has no covariance (its information matrix is singular).");
        var rng = new Random(seed);
        var purchaseDraws = ParameterDraws.Sample(estimates, covariance, draws, rng);
        var spendDraws = ParameterDraws.Sample(spend.Estimates, spend.Covariance, draws, rng);
        var point = LifetimeValue.Compute(summary, purchases, spend, horizonMonths, monthlyDiscountRate, margin);
        var index = point.Customers.Select((c, i) => (c.CustomerId, i)).ToDictionary(p => p.CustomerId, p => p.i, StringComparer.Ordinal);
        var perCustomer = new double[point.Customers.Count][];
        for (int i = 0; i < perCustomer.Length; i++) perCustomer[i] = new double[draws];
        var totals = new double[draws];
        for (int d = 0; d < draws; d++)
        {
            var v = LifetimeValue.Compute(summary, with(purchaseDraws[d]), spend.WithParameters(spendDraws[d]), horizonMonths, monthlyDiscountRate, margin);
            totals[d] = v.Total;
            foreach (var c in v.Customers) perCustomer[index[c.CustomerId]][d] = c.Clv;
        }
        double lo = (1 - level) / 2, hi = 1 - lo;
        var rows = point.Customers.Select((c, i) => new ClvInterval(c.CustomerId, c.Clv, Quantile(perCustomer[i], lo), Quantile(perCustomer[i], hi))).ToList();
        return new ClvIntervals(draws, level, point.Total, Quantile(totals, lo), Quantile(totals, hi), rows);
    }

    internal static double Quantile(double[] values, double q)
    {
        var sorted = values.Where(double.IsFinite).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int at = (int)Math.Floor(pos);
        return at + 1 < sorted.Length ? sorted[at] + (pos - at) * (sorted[at + 1] - sorted[at]) : sorted[at];
    }

    /// <summary>The customers with their intervals, highest CLV first.</summary>
    public DataFrame ToDataFrame(int? top = null)
    {
        var rows = Customers.Take(top ?? Customers.Count).ToList();
        return new FrameBuilder().Add("CustomerId", rows.Select(r => r.CustomerId)).Add("CLV", rows.Select(r => r.Clv))
            .Add("Lower", rows.Select(r => r.Lower)).Add("Upper", rows.Select(r => r.Upper)).Build();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"total CLV {Total:N2}, {Level:P0} interval {TotalLower:N2} to {TotalUpper:N2} ({Method})");
}

/// <summary>Draws parameter vectors from a fit's asymptotic distribution: log θ ~ N(log θ̂, D⁻¹ Σ D⁻¹), D = diag(θ̂) (the delta method for the log).</summary>
internal static class ParameterDraws
{
    public static double[][] Sample(double[] theta, double[,] covariance, int draws, Random rng)
    {
        int n = theta.Length;
        var logCov = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) logCov[i, j] = covariance[i, j] / (theta[i] * theta[j]);
        var l = Cholesky(logCov) ?? throw new ModelFitException("No parameter draws: the estimates' covariance is not positive definite.");
        var result = new double[draws][];
        var z = new double[n];
        for (int d = 0; d < draws; d++)
        {
            for (int i = 0; i < n; i++) z[i] = rng.StandardNormal();
            var draw = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int k = 0; k <= i; k++) s += l[i, k] * z[k];
                draw[i] = theta[i] * Math.Exp(s);
            }
            result[d] = draw;
        }
        return result;
    }

    private static double[,]? Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j) { if (s <= 0) return null; l[i, i] = Math.Sqrt(s); }
                else l[i, j] = s / l[j, j];
            }
        return l;
    }
}
