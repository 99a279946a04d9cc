using System.Globalization;
using static RetentionKit.Clv.SpecialFunctions;

namespace RetentionKit.Clv;

/// <summary>BG/NBD parameters: purchase rates λ ~ Gamma(r, α) (shape r, rate α); drop-out probabilities p ~ Beta(a, b).</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    internal double[] ToArray() => [R, Alpha, A, B];
    internal static BgNbdParameters From(ReadOnlySpan<double> v) => new(v[0], v[1], v[2], v[3]);
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"r = {R:0.####}, α = {Alpha:0.####}, a = {A:0.####}, b = {B:0.####}");
}

/// <summary>Options for <see cref="BgNbd.Fit(CustomerSummary, BgNbdOptions?)"/>.</summary>
public sealed record BgNbdOptions
{
    /// <summary>L2 penalty λ on the parameters: the objective is −LL / n + λ Σ θ² (0 = plain maximum likelihood).</summary>
    public double Penalty { get; init; }
    /// <summary>Iteration limit of the optimiser.</summary>
    public int MaxIterations { get; init; } = 500;
    /// <summary>Throw <see cref="ModelFitException"/> when the fit does not converge, instead of reporting it.</summary>
    public bool Strict { get; init; }
    /// <summary>Starting point; by default r = 1, a = 1, b = 1 and α from the mean purchase rate.</summary>
    public BgNbdParameters? Start { get; init; }
}

/// <summary>A model fit that did not converge, in strict mode.</summary>
public sealed class ModelFitException(string message) : Exception(message);

/// <summary>
/// A fitted BG/NBD model (Fader, Hardie &amp; Lee 2005) with its diagnostics and per-customer predictions.
/// Times are in the summary's unit.
/// </summary>
/// <param name="Parameters">Maximum likelihood estimates.</param>
/// <param name="StandardErrors">From the inverse Hessian of −LL at the optimum (NaN when it is singular).</param>
/// <param name="LogLikelihood">Total log-likelihood (without the penalty).</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="Exit">Why the optimiser stopped.</param>
/// <param name="Customers">Customers fitted.</param>
/// <param name="DistinctRows">Distinct (frequency, recency, T) rows actually evaluated.</param>
/// <param name="Penalty">The L2 penalty used.</param>
/// <param name="Unit">Time unit of the parameters (α is per unit).</param>
public sealed record BgNbdFit(BgNbdParameters Parameters, BgNbdParameters StandardErrors, double LogLikelihood, int Iterations, FitExit Exit,
    long Customers, int DistinctRows, double Penalty, TimeUnit Unit) : IPurchaseModel
{
    /// <inheritdoc />
    public string Model => "BG/NBD";
    /// <summary>The estimates' covariance (r, α, a, b), or null when the information matrix is singular.</summary>
    internal double[,]? Covariance { get; init; }
    /// <summary>The same model with other parameters (for drawing from the estimates' uncertainty).</summary>
    internal BgNbdFit WithParameters(double[] theta) => this with { Parameters = BgNbdParameters.From(theta) };
    internal double[] Estimates => Parameters.ToArray();
    /// <inheritdoc />
    public int ParameterCount => 4;

    /// <summary>Whether the optimiser reached a maximum.</summary>
    public bool Converged => Exit is FitExit.GradientConverged or FitExit.ObjectiveConverged;

    /// <summary>
    /// Set when the maximum lies at the edge of the parameter space (a parameter near 0 or beyond 10⁴, or a standard
    /// error that cannot be computed): the model then cannot tell dropout from purchase-rate variation on this data.
    /// </summary>
    public string? BoundaryWarning
    {
        get
        {
            var edge = new[] { ("r", Parameters.R, StandardErrors.R), ("α", Parameters.Alpha, StandardErrors.Alpha), ("a", Parameters.A, StandardErrors.A), ("b", Parameters.B, StandardErrors.B) }
                .Where(p => p.Item2 < 1e-4 || p.Item2 > 1e4 || !double.IsFinite(p.Item3)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} = {p.Item2:G3}")).ToList();
            if (edge.Count == 0) return null;
            string what = Parameters.A < 1e-4 || Parameters.B > 1e4 ? " The fitted dropout probability is about 0, so P(alive) is near 1 for everyone and says nothing about who has left." : "";
            return $"the fit lies at the edge of the parameter space ({string.Join(", ", edge)}): read its predictions with care.{what}";
        }
    }

    /// <summary>
    /// What the parameters say, in words and with their 95 % intervals (estimate ± 1.96 standard errors): the mean
    /// purchase rate r / α per unit while active, how much rates differ between customers (coefficient of variation
    /// 1 / √r), and the mean chance a / (a + b) of leaving after each purchase.
    /// </summary>
    public string Meaning
    {
        get
        {
            var (p, se) = (Parameters, StandardErrors);
            string unit = Unit.ToString().ToLowerInvariant();
            string Ci(double v, double e) => double.IsFinite(e) ? string.Create(CultureInfo.InvariantCulture, $"{v:0.###} (95 % interval {Math.Max(0, v - 1.96 * e):0.###} to {v + 1.96 * e:0.###})") : string.Create(CultureInfo.InvariantCulture, $"{v:0.###} (no standard error: at a boundary)");
            double perYear = p.R / p.Alpha * 365.25 / CustomerSummary.DaysPer(Unit);
            return string.Create(CultureInfo.InvariantCulture,
                $"While active, a customer buys on average r / α = {p.R / p.Alpha:0.####} times a {unit} ({perYear:0.#} a year); rates differ widely between customers (coefficient of variation 1 / √r = {1 / Math.Sqrt(p.R):0.##}). After each purchase a customer leaves with probability {p.A / (p.A + p.B):P1} on average (a / (a + b)). r = {Ci(p.R, se.R)}, α = {Ci(p.Alpha, se.Alpha)}, a = {Ci(p.A, se.A)}, b = {Ci(p.B, se.B)}. Wide intervals mean wide uncertainty in every prediction and CLV built on them.");
        }
    }

    /// <summary>P(alive | x, tₓ, T) = 1 / (1 + [x &gt; 0] a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x)); 1 without repeats.</summary>
    public double ProbabilityAlive(int frequency, double recency, double t)
    {
        if (frequency == 0) return 1;
        var (r, alpha, a, b) = (Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B);
        double logRatio = Math.Log(a / (b + frequency - 1)) + (r + frequency) * (Math.Log(alpha + t) - Math.Log(alpha + recency));
        return 1 / (1 + Math.Exp(logRatio));
    }

    /// <summary>Expected purchases in (T, T + <paramref name="horizon"/>] of a customer with (x, tₓ, T) (paper eq. 10).</summary>
    public double ExpectedPurchases(double horizon, int frequency, double recency, double t)
    {
        if (horizon <= 0) return 0;
        var (r, alpha, a, b) = (Parameters.R, Parameters.Alpha, AwayFromOne(Parameters.A), Parameters.B);
        int x = frequency;
        double z = horizon / (alpha + t + horizon);
        double hyp = Hyp2F1(r + x, b + x, a + b + x - 1, z);
        double numerator = (a + b + x - 1) / (a - 1) * (1 - Math.Exp((r + x) * Math.Log((alpha + t) / (alpha + t + horizon))) * hyp);
        double denominator = x > 0 ? 1 + a / (b + x - 1) * Math.Exp((r + x) * (Math.Log(alpha + t) - Math.Log(alpha + recency))) : 1;
        return Math.Max(0, numerator / denominator);
    }

    /// <summary>Expected purchases of a new customer in their first <paramref name="t"/> time units (paper eq. 9).</summary>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        if (t <= 0) return 0;
        var (r, alpha, a, b) = (Parameters.R, Parameters.Alpha, AwayFromOne(Parameters.A), Parameters.B);
        return (a + b - 1) / (a - 1) * (1 - Math.Pow(alpha / (alpha + t), r) * Hyp2F1(r, b, a + b - 1, t / (alpha + t)));
    }

    /// <summary>P(X(t) = n): the probability that a new customer makes <paramref name="n"/> purchases in <paramref name="t"/> (paper eq. 8).</summary>
    public double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // A customer first seen at the very end has had no time to buy again (0 · log 0 would be NaN below).
        if (!(t > 0)) return n == 0 ? 1 : 0;
        var (r, alpha, a, b) = (Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B);
        double lbab = LogBeta(a, b);
        double logPoisson = LogGamma(r + n) - LogGamma(r) - LogGamma(n + 1) + r * Math.Log(alpha / (alpha + t)) + n * Math.Log(t / (alpha + t));
        double p = Math.Exp(LogBeta(a, b + n) - lbab + logPoisson);
        if (n > 0)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
                sum += Math.Exp(LogGamma(r + j) - LogGamma(r) - LogGamma(j + 1) + r * Math.Log(alpha / (alpha + t)) + j * Math.Log(t / (alpha + t)));
            p += Math.Exp(LogBeta(a + 1, b + n - 1) - lbab) * (1 - sum);
        }
        return p;
    }

    // The closed forms divide by a − 1; a fit landing exactly on 1 is nudged (the limit is continuous).
    private static double AwayFromOne(double a) => Math.Abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;

    /// <summary>The parameters with their standard errors.</summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Parameter", new[] { "r", "alpha", "a", "b" })
        .Add("Estimate", new[] { Parameters.R, Parameters.Alpha, Parameters.A, Parameters.B })
        .Add("StandardError", new[] { StandardErrors.R, StandardErrors.Alpha, StandardErrors.A, StandardErrors.B }).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BG/NBD {Parameters} (se {StandardErrors.R:0.###}, {StandardErrors.Alpha:0.###}, {StandardErrors.A:0.###}, {StandardErrors.B:0.###}); log-likelihood {LogLikelihood:0.##}; {Iterations} iterations, {Exit}{(Converged ? "" : " (NOT converged)")}; {Customers:N0} customers.{(BoundaryWarning is { } w ? " Warning: " + w : "")}");
}

/// <summary>Fits the BG/NBD model by maximum likelihood.</summary>
public static class BgNbd
{
    /// <summary>
    /// One customer's log-likelihood (paper eq. 6) in log space:
    /// ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln[ B(a, b+x)/B(a, b) (α+T)^−(r+x) + [x &gt; 0] B(a+1, b+x−1)/B(a, b) (α+tₓ)^−(r+x) ].
    /// </summary>
    public static double LogLikelihood(BgNbdParameters p, int frequency, double recency, double t)
    {
        var (r, alpha, a, b) = (p.R, p.Alpha, p.A, p.B);
        int x = frequency;
        double a1 = LogGamma(r + x) - LogGamma(r) + r * Math.Log(alpha);
        double a2 = LogBeta(a, b + x) - LogBeta(a, b) - (r + x) * Math.Log(alpha + t);
        if (x == 0) return a1 + a2;
        double a3 = LogBeta(a + 1, b + x - 1) - LogBeta(a, b) - (r + x) * Math.Log(alpha + recency);
        double m = Math.Max(a2, a3);
        return a1 + m + Math.Log(Math.Exp(a2 - m) + Math.Exp(a3 - m));
    }

    /// <summary>Fits the model to a summary (customers with identical statistics are evaluated once, weighted).</summary>
    /// <exception cref="ArgumentException">The summary is empty.</exception>
    /// <exception cref="ModelFitException">No customer has a repeat purchase, or strict mode and the fit did not converge.</exception>
    public static BgNbdFit Fit(CustomerSummary summary, BgNbdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var o = options ?? new BgNbdOptions();
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers to fit.", nameof(summary));
        // Without a repeat purchase the likelihood has no maximum inside the parameter space: the optimiser would stop
        // at its start and call that converged.
        if (summary.Frequency.All(x => x == 0))
            throw new ModelFitException($"BG/NBD cannot be fitted: none of the {summary.Count:N0} customers made a repeat purchase (every frequency is 0), so the data says nothing about purchase rates or dropout. No predictions are made.");
        var data = Grouped.From(summary.Frequency, summary.Recency, summary.T);
        double meanRate = summary.Frequency.Average() / summary.T.Average();
        var start = o.Start ?? new BgNbdParameters(1, meanRate > 0 ? 1 / meanRate : 1, 1, 1);
        double total = data.TotalWeight;
        Bfgs.Objective f = (phi, grad) =>
        {
            Span<double> theta = stackalloc double[4];
            for (int i = 0; i < 4; i++) theta[i] = Math.Exp(phi[i]);
            double ll = data.LogLikelihood(theta, grad);
            double value = -ll / total;
            for (int i = 0; i < 4; i++)
            {
                // d/dφ = θ · d/dθ; the penalty λ θ² adds 2 λ θ².
                grad[i] = -grad[i] * theta[i] / total + 2 * o.Penalty * theta[i] * theta[i];
                value += o.Penalty * theta[i] * theta[i];
            }
            return value;
        };
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, start.ToArray().Select(v => Math.Log(v)).ToArray(), o.MaxIterations);
        var thetaHat = phiHat.Select(v => Math.Exp(v)).ToArray();
        double llHat = data.LogLikelihood(thetaHat, new double[4]);
        var cov = Bfgs.Covariance(th => { var g = new double[4]; data.LogLikelihood(th, g); return g.Select(v => -v).ToArray(); }, thetaHat);
        var se = Bfgs.StandardErrorsOf(cov, 4);
        var fit = new BgNbdFit(BgNbdParameters.From(thetaHat), BgNbdParameters.From(se), llHat, iterations, exit, (long)total, data.Count, o.Penalty, summary.Unit) { Covariance = cov };
        if (o.Strict && !fit.Converged) throw new ModelFitException($"The BG/NBD fit did not converge: {exit} after {iterations} iterations ({fit.Parameters}).");
        return fit;
    }

    /// <summary>Distinct (x, tₓ, T) rows with weights, sorted by x so terms that depend on x alone are computed once per x.</summary>
    private sealed class Grouped
    {
        public int[] X = [];
        public double[] Tx = [], T = [], W = [];
        public int Count => X.Length;
        public double TotalWeight;
        public int MaxX;

        public static Grouped From(IReadOnlyList<int> x, IReadOnlyList<double> tx, IReadOnlyList<double> t)
        {
            var map = new Dictionary<(int, double, double), int>();
            var g = new Grouped();
            var xs = new List<int>(); var txs = new List<double>(); var ts = new List<double>(); var ws = new List<double>();
            for (int i = 0; i < x.Count; i++)
            {
                var key = (x[i], tx[i], t[i]);
                if (map.TryGetValue(key, out int k)) { ws[k]++; continue; }
                map[key] = xs.Count;
                xs.Add(x[i]); txs.Add(tx[i]); ts.Add(t[i]); ws.Add(1);
            }
            var order = Enumerable.Range(0, xs.Count).OrderBy(i => xs[i]).ToArray();
            g.X = order.Select(i => xs[i]).ToArray(); g.Tx = order.Select(i => txs[i]).ToArray();
            g.T = order.Select(i => ts[i]).ToArray(); g.W = order.Select(i => ws[i]).ToArray();
            g.TotalWeight = x.Count;
            g.MaxX = g.X.Length > 0 ? g.X[^1] : 0;
            return g;
        }

        /// <summary>Total log-likelihood and its gradient in (r, α, a, b).</summary>
        public double LogLikelihood(ReadOnlySpan<double> theta, Span<double> grad)
        {
            double r = theta[0], alpha = theta[1], a = theta[2], b = theta[3];
            double lnAlpha = Math.Log(alpha), psiR = Digamma(r), psiB = Digamma(b), psiAB = Digamma(a + b);
            double lgR = LogGamma(r), lgB = LogGamma(b), lgAB = LogGamma(a + b), lnA = Math.Log(a);
            // Past a few hundred thousand distinct rows the sum runs in fixed chunks on every core, added in chunk order:
            // the same result on any machine. Smaller data is summed in one pass, as it always was.
            int chunks = X.Length <= ParallelFrom ? 1 : (X.Length + ChunkRows - 1) / ChunkRows;
            var sums = new double[chunks * 5];
            if (chunks == 1) Sum(0, X.Length, sums.AsSpan(0, 5));
            else
            {
                Parallel.For(0, chunks, k => Sum(k * ChunkRows, Math.Min(X.Length, (k + 1) * ChunkRows), sums.AsSpan(k * 5, 5)));
            }
            double total = 0;
            grad[..4].Clear();
            for (int k = 0; k < chunks; k++)
            {
                total += sums[k * 5];
                for (int j = 0; j < 4; j++) grad[j] += sums[k * 5 + j + 1];
            }
            return total;

            void Sum(int from, int to, Span<double> into)
            {
                double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
                int i = from;
                while (i < to)
                {
                    int x = X[i];
                    // Terms of x alone.
                    double gRx = LogGamma(r + x) - lgR, psiRx = Digamma(r + x);
                    double gBx = LogGamma(b + x) - lgB, psiBx = Digamma(b + x);
                    double gABx = lgAB - LogGamma(a + b + x), psiABx = Digamma(a + b + x);
                    double gB1 = x > 0 ? LogGamma(b + x - 1) - lgB : 0, psiB1 = x > 0 ? Digamma(b + x - 1) : 0;
                    double rx = r + x;
                    for (; i < to && X[i] == x; i++)
                    {
                        double w = W[i];
                        double lnAT = Math.Log(alpha + T[i]);
                        double a1 = gRx + r * lnAlpha;
                        double a2 = gBx + gABx - rx * lnAT;
                        double lse, w2, w3, lnAtx = 0;
                        if (x > 0)
                        {
                            lnAtx = Math.Log(alpha + Tx[i]);
                            double a3 = lnA + gB1 + gABx - rx * lnAtx;
                            double m = Math.Max(a2, a3);
                            double e2 = Math.Exp(a2 - m), e3 = Math.Exp(a3 - m), s = e2 + e3;
                            lse = m + Math.Log(s);
                            w2 = e2 / s; w3 = e3 / s;
                        }
                        else { lse = a2; w2 = 1; w3 = 0; }
                        ll += w * (a1 + lse);
                        gr += w * (psiRx - psiR + lnAlpha - w2 * lnAT - w3 * lnAtx);
                        gAlpha += w * (r / alpha - w2 * rx / (alpha + T[i]) - (x > 0 ? w3 * rx / (alpha + Tx[i]) : 0));
                        ga += w * (psiAB - psiABx + w3 / a);
                        gb += w * (w2 * (psiBx - psiB) + w3 * (psiB1 - psiB) + psiAB - psiABx);
                    }
                }
                into[0] = ll; into[1] = gr; into[2] = gAlpha; into[3] = ga; into[4] = gb;
            }
        }

        private const int ParallelFrom = 200_000, ChunkRows = 65_536;
    }
}
