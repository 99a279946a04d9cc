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
        double meanRate = summary.Frequency.Average() / summary.T.Average();
        double[] start = [0, Math.Log(meanRate > 0 ? 1 / meanRate : 1), 0, Math.Log(summary.T.Average())];
        Bfgs.Objective f = (phi, grad) =>
        {
            Span<double> theta = [Math.Exp(phi[0]), Math.Exp(phi[1]), Math.Exp(phi[2]), Math.Exp(phi[3])];
            double ll = data.LogLikelihood(ParetoNbdParameters.From(theta), grad);
            // d/dφ = θ · d/dθ
            for (int i = 0; i < 4; i++) grad[i] = -grad[i] * theta[i] / total;
            return -ll / total;
        };
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, start, maxIterations, 1e-9);
        var theta = phiHat.Select(Math.Exp).ToArray();
        var cov = Bfgs.Covariance(th => { var g = new double[4]; data.LogLikelihood(ParetoNbdParameters.From(th), g); return g.Select(v => -v).ToArray(); }, theta);
        var se = Bfgs.StandardErrorsOf(cov, 4);
        return new ParetoNbdFit(ParetoNbdParameters.From(theta), ParetoNbdParameters.From(se), Total(theta), iterations, exit, summary.Count, data.Rows, summary.Unit) { Covariance = cov };
    }

    /// <summary>
    /// The summary's distinct (x, tₓ, T) rows with weights, and the terms that depend on fewer of them computed once: the
    /// "alive throughout" term and A₀'s second part depend on (x, T) only, its first part on (x, tₓ) only, ln Γ(r + x) on x.
    /// On CDNOW's master 8,685 rows need 979 and 1,726 hypergeometric series instead of 17,370 per evaluation.
    /// </summary>
    internal sealed class Grouped
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

        public double LogLikelihood(ParetoNbdParameters p) => LogLikelihood(p, stackalloc double[4]);

        /// <summary>Total log-likelihood and its analytic gradient in (r, α, s, β).</summary>
        public double LogLikelihood(ParetoNbdParameters p, Span<double> grad)
        {
            var (r, alpha, s, beta) = (p.R, p.Alpha, p.S, p.Beta);
            double m = Math.Max(alpha, beta), diff = Math.Abs(alpha - beta);
            bool alphaFirst = alpha >= beta;
            double lgr = LogGamma(r), psiR = Digamma(r);
            var lgx = new (double Value, double DR)[_distinctX[^1] + 1];
            foreach (int x in _distinctX) lgx[x] = (LogGamma(r + x) - lgr, Digamma(r + x) - psiR);
            var head = new (double V, double DR, double DAlpha, double DS, double DBeta)[_xt.Length];
            var second = new Term[_xt.Length];
            var first = new Term[_xtx.Length];
            // The hypergeometric series are most of the work, and independent: they run on the machine's cores in chunks.
            int parts = _xt.Length + _xtx.Length, chunk = Math.Max(64, parts / (4 * Environment.ProcessorCount) + 1);
            var (xts, xtxs) = (_xt, _xtx);
            Parallel.For(0, (parts + chunk - 1) / chunk, c =>
            {
                for (int k = c * chunk, end = Math.Min(parts, k + chunk); k < end; k++)
                {
                    if (k < xts.Length)
                    {
                        var (x, t) = xts[k];
                        head[k] = (-(r + x) * Math.Log(alpha + t) - s * Math.Log(beta + t), -Math.Log(alpha + t), -(r + x) / (alpha + t), -Math.Log(beta + t), -s / (beta + t));
                        second[k] = Part(r, alpha, s, beta, x, t, m, diff, alphaFirst);
                    }
                    else first[k - xts.Length] = Part(r, alpha, s, beta, xtxs[k - xts.Length].X, xtxs[k - xts.Length].Tx, m, diff, alphaFirst);
                }
            });
            double lnAlpha = Math.Log(alpha), lnBeta = Math.Log(beta), constant = r * lnAlpha + s * lnBeta, ll = 0;
            double gr = 0, ga = 0, gs = 0, gb = 0;
            for (int i = 0; i < _w.Length; i++)
            {
                int x = _x[i];
                double w = _w[i], a = r + s + x;
                var h = head[_rowXt[i]];
                var (l1, l2) = (first[_rowXtx[i]], second[_rowXt[i]]);
                var (lg, dlg) = lgx[x];
                double rest = double.NegativeInfinity, w1 = 0, w2 = 0;
                if (l2.V < l1.V)
                {
                    double e = Math.Exp(l2.V - l1.V);
                    rest = Math.Log(s / a) + l1.V + Math.Log(-double.ExpM1(l2.V - l1.V));
                    w1 = 1 / (1 - e); w2 = w1 - 1;
                }
                double top = Math.Max(h.V, rest);
                double eh = Math.Exp(h.V - top), er = double.IsNegativeInfinity(rest) ? 0 : Math.Exp(rest - top);
                ll += w * (lg + constant + top + Math.Log(eh + er));
                double ph = eh / (eh + er), pr = 1 - ph;
                // d rest = ds / s − (dr + ds) / a + w1 dl1 − w2 dl2
                double rr = pr == 0 ? 0 : pr * (-1 / a + w1 * l1.DR - w2 * l2.DR);
                double ra = pr == 0 ? 0 : pr * (w1 * l1.DAlpha - w2 * l2.DAlpha);
                double rs = pr == 0 ? 0 : pr * (1 / s - 1 / a + w1 * l1.DS - w2 * l2.DS);
                double rb = pr == 0 ? 0 : pr * (w1 * l1.DBeta - w2 * l2.DBeta);
                gr += w * (dlg + lnAlpha + ph * h.DR + rr);
                ga += w * (r / alpha + ph * h.DAlpha + ra);
                gs += w * (lnBeta + ph * h.DS + rs);
                gb += w * (s / beta + ph * h.DBeta + rb);
            }
            grad[0] = gr; grad[1] = ga; grad[2] = gs; grad[3] = gb;
            return ll;
        }
    }

    /// <summary>A part of A₀ in logs, l = ln ₂F₁(a, b; a + 1; z) − a ln(m + t), with its gradient in (r, α, s, β).</summary>
    internal readonly record struct Term(double V, double DR, double DAlpha, double DS, double DBeta);

    private static Term Part(double r, double alpha, double s, double beta, int x, double t, double m, double diff, bool alphaFirst)
    {
        double a = r + s + x, b = alphaFirst ? s + 1 : r + x, z = diff / (m + t), lnMt = Math.Log(m + t);
        var (f, fa, fb, fz) = LogHyp2F1WithDerivatives(a, b, z);
        // z and m through α and β: z = (α − β) / (α + t), m = α when α ≥ β; z = (β − α) / (β + t), m = β otherwise.
        double zAlpha = alphaFirst ? (beta + t) / ((alpha + t) * (alpha + t)) : -1 / (beta + t);
        double zBeta = alphaFirst ? -1 / (alpha + t) : (alpha + t) / ((beta + t) * (beta + t));
        double mAlpha = alphaFirst ? 1 : 0, mBeta = alphaFirst ? 0 : 1;
        double dr = fa + (alphaFirst ? 0 : fb) - lnMt;
        double ds = fa + (alphaFirst ? fb : 0) - lnMt;
        double dAlpha = fz * zAlpha - a * mAlpha / (m + t);
        double dBeta = fz * zBeta - a * mBeta / (m + t);
        return new Term(f - a * lnMt, dr, dAlpha, ds, dBeta);
    }

    /// <summary>
    /// ln ₂F₁(a, b; a + 1; z) for 0 ≤ z &lt; 1 with its partial derivatives in a, b and z, from one pass over the series:
    /// with tₙ = a / (a + n) · (b)ₙ / n! · zⁿ, ∂tₙ/∂a = tₙ n / (a (a + n)), ∂tₙ/∂b = tₙ Σₖ₍ₙ 1 / (b + k), ∂tₙ/∂z = tₙ n / z.
    /// Near z = 1 with b &gt; 1 Euler's transformation is used as in <see cref="SpecialFunctions.LogHyp2F1"/>.
    /// </summary>
    internal static (double F, double Da, double Db, double Dz) LogHyp2F1WithDerivatives(double a, double b, double z)
    {
        if (z == 0) return (0, 0, 0, 0);
        if (1 - b < 0 && z > 0.5 && a + 1 - b > 0)
        {
            // ₂F₁(a, b; a+1; z) = (1 − z)^(1 − b) ₂F₁(1, a + 1 − b; a + 1; z); the second series: uₙ = (b′)ₙ / (c′)ₙ zⁿ.
            double bp = a + 1 - b, cp = a + 1;
            double u = 1, sum = 1, sb = 0, sc = 0, sz = 0, hb = 0, hc = 0;
            for (int n = 0; n < 10_000_000; n++)
            {
                hb += 1 / (bp + n); hc += 1 / (cp + n);
                u *= (bp + n) / (cp + n) * z;
                sum += u; sb += u * hb; sc -= u * hc; sz += u * (n + 1) / z;
                if (Math.Abs(u) * (n + 2) < 1e-16 * Math.Abs(sum)) break;
            }
            double lnOneMinus = Math.Log(1 - z);
            return ((1 - b) * lnOneMinus + Math.Log(sum), (sb + sc) / sum, -sb / sum - lnOneMinus, sz / sum - (1 - b) / (1 - z));
        }
        {
            double term = 1, sum = 1, sa = 0, sbs = 0, sz = 0, hb = 0;
            for (int n = 0; n < 10_000_000; n++)
            {
                hb += 1 / (b + n);
                term *= (a + n) / (a + n + 1) * (b + n) / (n + 1) * z;
                int k = n + 1;
                sum += term; sa += term * k / (a * (a + k)); sbs += term * hb; sz += term * k / z;
                if (Math.Abs(term) * (k + 1) < 1e-16 * Math.Abs(sum)) break;
            }
            return (Math.Log(sum), sa / sum, sbs / sum, sz / sum);
        }
    }
}
