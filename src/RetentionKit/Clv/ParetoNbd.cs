using System.Globalization;
using Microsoft.Data.Analysis;
using static RetentionKit.Clv.SpecialFunctions;

namespace RetentionKit.Clv;

/// <summary>Pareto/NBD parameters: purchase rates λ ~ Gamma(r, α); dropout rates μ ~ Gamma(s, β) (rates per time unit).</summary>
public sealed record ParetoNbdParameters(double R, double Alpha, double S, double Beta)
{
    internal double[] ToArray() => [R, Alpha, S, Beta];
    internal static ParetoNbdParameters From(ReadOnlySpan<double> v) => new(v[0], v[1], v[2], v[3]);
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"r = {R:0.####}, α = {Alpha:0.####}, s = {S:0.####}, β = {Beta:0.####}");
}

/// <summary>
/// A fitted Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987; the likelihood as in Fader, Hardie &amp; Lee 2005,
/// "A note on deriving the Pareto/NBD model"): while alive a customer buys as a Poisson process of rate λ, and leaves at
/// an exponential time of rate μ, at any moment rather than only after a purchase (BG/NBD's assumption).
/// </summary>
public sealed record ParetoNbdFit(ParetoNbdParameters Parameters, ParetoNbdParameters StandardErrors, double LogLikelihood, int Iterations, FitExit Exit,
    long Customers, int DistinctRows, TimeUnit Unit) : IPurchaseModel
{
    /// <inheritdoc />
    public string Model => "Pareto/NBD";
    /// <summary>The estimates' covariance (r, α, s, β), or null when the information matrix is singular.</summary>
    internal double[,]? Covariance { get; init; }
    internal ParetoNbdFit WithParameters(double[] theta) => this with { Parameters = ParetoNbdParameters.From(theta) };
    internal double[] Estimates => Parameters.ToArray();
    /// <inheritdoc />
    public int ParameterCount => 4;

    /// <summary>Whether the optimiser reached a maximum.</summary>
    public bool Converged => Exit is FitExit.GradientConverged or FitExit.ObjectiveConverged;

    /// <summary>P(alive at T | x, tₓ, T).</summary>
    public double ProbabilityAlive(int frequency, double recency, double t)
    {
        var (head, rest) = ParetoNbd.Terms(Parameters, frequency, recency, t);
        // L ∝ e^head + e^rest: alive at T is the first term's share.
        return 1 / (1 + Math.Exp(rest - head));
    }

    /// <summary>Expected purchases in (T, T + <paramref name="horizon"/>] of a customer with (x, tₓ, T).</summary>
    public double ExpectedPurchases(double horizon, int frequency, double recency, double t)
    {
        if (horizon <= 0) return 0;
        var (r, alpha, s, beta) = (Parameters.R, Parameters.Alpha, AwayFromOne(Parameters.S), Parameters.Beta);
        double whileAlive = (r + frequency) * (beta + t) / ((alpha + t) * (s - 1)) * (1 - Math.Pow((beta + t) / (beta + t + horizon), s - 1));
        return whileAlive * ProbabilityAlive(frequency, recency, t);
    }

    /// <summary>Expected purchases of a new customer in its first <paramref name="t"/> time units: r β / (α (s − 1)) · [1 − (β / (β + t))^(s − 1)].</summary>
    public double ExpectedPurchasesNewCustomer(double t)
    {
        if (t <= 0) return 0;
        var (r, alpha, s, beta) = (Parameters.R, Parameters.Alpha, AwayFromOne(Parameters.S), Parameters.Beta);
        return r * beta / (alpha * (s - 1)) * (1 - Math.Pow(beta / (beta + t), s - 1));
    }

    /// <summary>
    /// P(X(t) = x) for a new customer (Fader &amp; Hardie 2006, "Deriving an expression for P(X(t) = x) under the
    /// Pareto/NBD model"): alive throughout, Γ(r+x)/(Γ(r) x!) (α/(α+t))ʳ (t/(α+t))ˣ (β/(β+t))ˢ, plus having left before t,
    /// αʳ βˢ B(r+x, s+1)/B(r, s) [B₁ − Σᵢ₌₀ˣ Γ(r+s+i)/(Γ(r+s) i!) tⁱ B₂,ᵢ], with B₁ and B₂,ᵢ hypergeometric terms in the
    /// form whose argument lies in [0, 1). Checked by its sum (1) and its mean (the expected purchases) in the tests.
    /// </summary>
    public double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!(t > 0)) return n == 0 ? 1 : 0;
        var (r, alpha, s, beta) = (Parameters.R, Parameters.Alpha, Parameters.S, Parameters.Beta);
        int x = n;
        double alive = SpecialFunctions.LogGamma(r + x) - SpecialFunctions.LogGamma(r) - SpecialFunctions.LogGamma(x + 1)
                       + r * Math.Log(alpha / (alpha + t)) + x * Math.Log(t / (alpha + t)) + s * Math.Log(beta / (beta + t));
        bool alphaFirst = alpha >= beta;
        double m = Math.Max(alpha, beta), diff = Math.Abs(alpha - beta), b = alphaFirst ? s + 1 : r + x, c = r + s + x + 1;
        double lead = r * Math.Log(alpha) + s * Math.Log(beta) + SpecialFunctions.LogBeta(r + x, s + 1) - SpecialFunctions.LogBeta(r, s);
        double b1 = SpecialFunctions.LogHyp2F1(r + s, b, c, diff / m) - (r + s) * Math.Log(m);
        // B₁ − Σ: the sum's terms are each below B₁; add them in log space, then subtract.
        double sum = 0;
        for (int i = 0; i <= x; i++)
        {
            double term = SpecialFunctions.LogGamma(r + s + i) - SpecialFunctions.LogGamma(r + s) - SpecialFunctions.LogGamma(i + 1) + i * Math.Log(t)
                          + SpecialFunctions.LogHyp2F1(r + s + i, b, c, diff / (m + t)) - (r + s + i) * Math.Log(m + t);
            sum += Math.Exp(term - b1);
        }
        double left = sum < 1 ? Math.Exp(lead + b1 + double.LogP1(-sum)) : 0;
        return Math.Exp(alive) + left;
    }

    private static double AwayFromOne(double s) => Math.Abs(s - 1) < 1e-7 ? 1 + 1e-7 : s;

    /// <summary>The parameters with their standard errors.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Parameter", new[] { "r", "alpha", "s", "beta" })
        .Add("Estimate", Parameters.ToArray()).Add("StandardError", StandardErrors.ToArray()).Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Pareto/NBD: {Parameters}, log-likelihood {LogLikelihood:0.00}, {Customers:N0} customers; {Exit} after {Iterations} iterations. While alive a customer buys r / α = {Parameters.R / Parameters.Alpha:0.####} times a {Unit.ToString().ToLowerInvariant()} on average; the mean lifetime rate s / β = {Parameters.S / Parameters.Beta:0.####} a {Unit.ToString().ToLowerInvariant()}.");
}

/// <summary>Fits the Pareto/NBD model.</summary>
public static class ParetoNbd
{
    /// <summary>
    /// The two terms of one customer's likelihood, in logs, without the factor Γ(r + x) αʳ βˢ / Γ(r):
    /// head = −(r + x) ln(α + T) − s ln(β + T) (alive throughout), rest = ln(s / (r + s + x)) + ln A₀ (left between tₓ
    /// and T), A₀ = ₂F₁(r+s+x, b; r+s+x+1; |α−β| / (m + tₓ)) / (m + tₓ)^(r+s+x) − the same at T, where m = max(α, β) and
    /// b = s + 1 when α ≥ β, r + x otherwise (the form whose argument lies in [0, 1)).
    /// </summary>
    internal static (double Head, double Left) Terms(ParetoNbdParameters p, int x, double tx, double t)
    {
        var (r, alpha, s, beta) = (p.R, p.Alpha, p.S, p.Beta);
        double head = -(r + x) * Math.Log(alpha + t) - s * Math.Log(beta + t);
        double m = Math.Max(alpha, beta), diff = Math.Abs(alpha - beta), a = r + s + x, b = alpha >= beta ? s + 1 : r + x;
        double l1 = LogHyp2F1(a, b, a + 1, diff / (m + tx)) - a * Math.Log(m + tx);
        double l2 = LogHyp2F1(a, b, a + 1, diff / (m + t)) - a * Math.Log(m + t);
        // A₀ = e^l1 − e^l2 > 0 for tₓ < T; at tₓ = T (bought at the very end) it is 0.
        double rest = l2 >= l1 ? double.NegativeInfinity : Math.Log(s / a) + l1 + Math.Log(-double.ExpM1(l2 - l1));
        return (head, rest);
    }

    /// <summary>One customer's log-likelihood.</summary>
    public static double LogLikelihood(ParetoNbdParameters p, int frequency, double recency, double t)
    {
        var (head, rest) = Terms(p, frequency, recency, t);
        double m = Math.Max(head, rest);
        return LogGamma(p.R + frequency) - LogGamma(p.R) + p.R * Math.Log(p.Alpha) + p.S * Math.Log(p.Beta)
               + m + Math.Log(Math.Exp(head - m) + (double.IsNegativeInfinity(rest) ? 0 : Math.Exp(rest - m)));
    }

    /// <summary>Fits the model to a summary (customers with identical statistics evaluated once, weighted).</summary>
    /// <exception cref="ArgumentException">The summary is empty.</exception>
    /// <exception cref="ModelFitException">No customer has a repeat purchase.</exception>
    public static ParetoNbdFit Fit(CustomerSummary summary, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("The summary has no customers to fit.", nameof(summary));
        if (summary.Frequency.All(x => x == 0))
            throw new ModelFitException($"Pareto/NBD cannot be fitted: none of the {summary.Count:N0} customers made a repeat purchase.");
        var data = Grouped.From(summary);
        double total = summary.Count;
        double Total(double[] th) => data.LogLikelihood(ParetoNbdParameters.From(th));
        double InLogs(double[] phi) => Total(phi.Select(Math.Exp).ToArray());
        double meanRate = summary.Frequency.Average() / summary.T.Average();
        double[] start = [0, Math.Log(meanRate > 0 ? 1 / meanRate : 1), 0, Math.Log(summary.T.Average())];
        Bfgs.Objective f = (phi, grad) =>
        {
            double ll = Bfgs.NumericGradient(InLogs, phi.ToArray(), grad);
            for (int i = 0; i < grad.Length; i++) grad[i] = -grad[i] / total;
            return -ll / total;
        };
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, start, maxIterations, 1e-9);
        var theta = phiHat.Select(Math.Exp).ToArray();
        var cov = Bfgs.CovarianceFromLikelihood(Total, theta);
        var se = Enumerable.Range(0, 4).Select(i => cov is null || cov[i, i] <= 0 ? double.NaN : Math.Sqrt(cov[i, i])).ToArray();
        return new ParetoNbdFit(ParetoNbdParameters.From(theta), ParetoNbdParameters.From(se), Total(theta), iterations, exit, summary.Count, data.Rows, summary.Unit) { Covariance = cov };
    }

    /// <summary>
    /// The summary's distinct (x, tₓ, T) rows with weights, and the terms that depend on fewer of them computed once: the
    /// "alive throughout" term and A₀'s second part depend on (x, T) only, its first part on (x, tₓ) only, ln Γ(r + x) on x.
    /// On CDNOW's master 8,685 rows need 979 and 1,726 hypergeometric series instead of 17,370 per evaluation.
    /// </summary>
    private sealed class Grouped
    {
        private int[] _x = [], _rowXt = [], _rowXtx = [];
        private double[] _w = [];
        private (int X, double T)[] _xt = [];
        private (int X, double Tx)[] _xtx = [];
        private int[] _distinctX = [];
        public int Rows => _w.Length;

        public static Grouped From(CustomerSummary s)
        {
            var rows = new Dictionary<(int, double, double), int>();
            var xt = new Dictionary<(int, double), int>();
            var xtx = new Dictionary<(int, double), int>();
            var g = new Grouped();
            var (x, rXt, rXtx, w) = (new List<int>(), new List<int>(), new List<int>(), new List<double>());
            for (int i = 0; i < s.Count; i++)
            {
                var key = (s.Frequency[i], s.Recency[i], s.T[i]);
                if (rows.TryGetValue(key, out int k)) { w[k]++; continue; }
                rows[key] = x.Count;
                if (!xt.TryGetValue((key.Item1, key.Item3), out int a)) xt[(key.Item1, key.Item3)] = a = xt.Count;
                if (!xtx.TryGetValue((key.Item1, key.Item2), out int b)) xtx[(key.Item1, key.Item2)] = b = xtx.Count;
                x.Add(key.Item1); rXt.Add(a); rXtx.Add(b); w.Add(1);
            }
            g._x = x.ToArray(); g._rowXt = rXt.ToArray(); g._rowXtx = rXtx.ToArray(); g._w = w.ToArray();
            g._xt = xt.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            g._xtx = xtx.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            g._distinctX = g._x.Distinct().Order().ToArray();
            return g;
        }

        public double LogLikelihood(ParetoNbdParameters p)
        {
            var (r, alpha, s, beta) = (p.R, p.Alpha, p.S, p.Beta);
            double m = Math.Max(alpha, beta), diff = Math.Abs(alpha - beta);
            bool alphaFirst = alpha >= beta;
            var lgx = new Dictionary<int, double>(_distinctX.Length);
            double lgr = LogGamma(r);
            foreach (int x in _distinctX) lgx[x] = LogGamma(r + x) - lgr;
            var head = new double[_xt.Length];
            var second = new double[_xt.Length];
            for (int k = 0; k < _xt.Length; k++)
            {
                var (x, t) = _xt[k];
                double a = r + s + x, b = alphaFirst ? s + 1 : r + x;
                head[k] = -(r + x) * Math.Log(alpha + t) - s * Math.Log(beta + t);
                second[k] = LogHyp2F1(a, b, a + 1, diff / (m + t)) - a * Math.Log(m + t);
            }
            var first = new double[_xtx.Length];
            for (int k = 0; k < _xtx.Length; k++)
            {
                var (x, tx) = _xtx[k];
                double a = r + s + x, b = alphaFirst ? s + 1 : r + x;
                first[k] = LogHyp2F1(a, b, a + 1, diff / (m + tx)) - a * Math.Log(m + tx);
            }
            double constant = r * Math.Log(alpha) + s * Math.Log(beta), ll = 0;
            for (int i = 0; i < _w.Length; i++)
            {
                int x = _x[i];
                double h = head[_rowXt[i]], l1 = first[_rowXtx[i]], l2 = second[_rowXt[i]];
                double rest = l2 >= l1 ? double.NegativeInfinity : Math.Log(s / (r + s + x)) + l1 + Math.Log(-double.ExpM1(l2 - l1));
                double top = Math.Max(h, rest);
                ll += _w[i] * (lgx[x] + constant + top + Math.Log(Math.Exp(h - top) + (double.IsNegativeInfinity(rest) ? 0 : Math.Exp(rest - top))));
            }
            return ll;
        }
    }
}
