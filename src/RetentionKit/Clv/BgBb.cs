using System.Globalization;
using Microsoft.Data.Analysis;
using static RetentionKit.Clv.SpecialFunctions;

namespace RetentionKit.Clv;

/// <summary>
/// Customers in a discrete-opportunity setting (a yearly donation, a weekly delivery slot): for each pattern, the
/// repeat transactions x out of n opportunities, the opportunity tₓ of the last one (0 without any), and how many
/// customers share it. The BG/BB model's summary (Fader, Hardie &amp; Shang 2010).
/// </summary>
public sealed record DiscreteSummary(IReadOnlyList<int> Frequency, IReadOnlyList<int> Recency, IReadOnlyList<int> Opportunities, IReadOnlyList<double> Weights)
{
    /// <summary>Customers (the sum of the weights).</summary>
    public double Customers => Weights.Sum();

    /// <summary>Reads a summary file in the layout of <see cref="Parse"/>.</summary>
    /// <exception cref="FormatException">A header or a row that breaks the layout.</exception>
    public static DiscreteSummary Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>
    /// Reads the documented layout: a CSV with the columns <c>frequency</c>, <c>recency</c>, <c>periods</c> (the
    /// opportunities observed) and, optionally, <c>weights</c> (customers with that pattern; 1 each when absent), as in
    /// the donations data. Every row is checked: 0 ≤ x ≤ tₓ ≤ n, tₓ = 0 exactly when x = 0.
    /// </summary>
    /// <exception cref="FormatException">A header or a row that breaks the layout, with its line.</exception>
    public static DiscreteSummary Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int fx = header.IndexOf("frequency"), rx = header.IndexOf("recency"), nx = header.IndexOf("periods"), wx = header.IndexOf("weights");
        if (fx < 0 || rx < 0 || nx < 0) throw new FormatException($"{source}, line 1: expected the columns frequency, recency, periods (and optionally weights); found {lines[0].Trim()}.");
        var (f, r, n, w) = (new List<int>(), new List<int>(), new List<int>(), new List<double>());
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            string where = string.Create(CultureInfo.InvariantCulture, $"{source}, line {i + 1}");
            int Int(int col, string name) => col < cells.Length && int.TryParse(cells[col].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
                : throw new FormatException($"{where}: {name} '{(col < cells.Length ? cells[col].Trim() : "")}' is not a whole number of 0 or more.");
            int x = Int(fx, "frequency"), tx = Int(rx, "recency"), periods = Int(nx, "periods");
            double weight = 1;
            if (wx >= 0 && !(wx < cells.Length && double.TryParse(cells[wx].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weight) && weight >= 0 && double.IsFinite(weight)))
                throw new FormatException($"{where}: weights '{(wx < cells.Length ? cells[wx].Trim() : "")}' is not a count of 0 or more.");
            if (x > tx || tx > periods || (x == 0) != (tx == 0) || periods < 1)
                throw new FormatException($"{where}: frequency {x}, recency {tx}, periods {periods} cannot be: expected 0 ≤ frequency ≤ recency ≤ periods, recency 0 exactly when frequency is 0, and at least one period.");
            f.Add(x); r.Add(tx); n.Add(periods); w.Add(weight);
        }
        if (f.Count == 0) throw new FormatException($"{source}: no rows after the header.");
        return new DiscreteSummary(f, r, n, w);
    }
}

/// <summary>BG/BB parameters: transaction probability while alive p ~ Beta(α, β); dropout probability per opportunity θ ~ Beta(γ, δ).</summary>
public sealed record BgBbParameters(double Alpha, double Beta, double Gamma, double Delta)
{
    internal double[] ToArray() => [Alpha, Beta, Gamma, Delta];
    internal static BgBbParameters From(ReadOnlySpan<double> v) => new(v[0], v[1], v[2], v[3]);
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"α = {Alpha:0.####}, β = {Beta:0.####}, γ = {Gamma:0.####}, δ = {Delta:0.####}");
}

/// <summary>A fitted BG/BB model with its diagnostics and per-pattern predictions (times in opportunities).</summary>
public sealed record BgBbFit(BgBbParameters Parameters, BgBbParameters StandardErrors, double LogLikelihood, int Iterations, FitExit Exit, double Customers, int Patterns)
{
    /// <summary>Whether the optimiser reached a maximum.</summary>
    public bool Converged => Exit is FitExit.GradientConverged or FitExit.ObjectiveConverged;

    /// <summary>P(alive at opportunity n + 1 | x, tₓ, n) (paper eq. 11).</summary>
    public double ProbabilityAlive(int frequency, int recency, int n)
    {
        var p = Parameters;
        return Math.Exp(LogBeta(p.Alpha + frequency, p.Beta + n - frequency) - LogBeta(p.Alpha, p.Beta)
                        + LogBeta(p.Gamma, p.Delta + n + 1) - LogBeta(p.Gamma, p.Delta) - BgBb.LogLikelihood(p, frequency, recency, n));
    }

    /// <summary>Expected transactions in the next <paramref name="future"/> opportunities of a customer with (x, tₓ, n) (paper eq. 13).</summary>
    public double ExpectedTransactions(int future, int frequency, int recency, int n)
    {
        if (future <= 0) return 0;
        var (a, b, g, d) = (Parameters.Alpha, Parameters.Beta, Parameters.Gamma, Parameters.Delta);
        double lead = Math.Exp(LogBeta(a + frequency + 1, b + n - frequency) - LogBeta(a, b) - BgBb.LogLikelihood(Parameters, frequency, recency, n));
        return lead * Remaining(g, d, n, future);
    }

    /// <summary>Expected transactions of a new customer in its first <paramref name="n"/> opportunities (paper eq. 7).</summary>
    public double ExpectedTransactionsNewCustomer(int n) => n <= 0 ? 0 : Parameters.Alpha / (Parameters.Alpha + Parameters.Beta) * Remaining(Parameters.Gamma, Parameters.Delta, 0, n);

    // δ / (γ − 1) · Γ(γ + δ) / Γ(1 + δ) · [Γ(1 + δ + n) / Γ(γ + δ + n) − Γ(1 + δ + n + m) / Γ(γ + δ + n + m)]: the expected
    // opportunities alive among the next m, from the n-th on, given alive at n (γ = 1 is the limit, nudged).
    private static double Remaining(double g, double d, int n, int m)
    {
        if (Math.Abs(g - 1) < 1e-7) g = 1 + 1e-7;
        double k = LogGamma(g + d) - LogGamma(1 + d);
        double first = Math.Exp(k + LogGamma(1 + d + n) - LogGamma(g + d + n)), last = Math.Exp(k + LogGamma(1 + d + n + m) - LogGamma(g + d + n + m));
        return d / (g - 1) * (first - last);
    }

    /// <summary>P(X(n) = x): the chance that a new customer makes x transactions in n opportunities (paper eq. 8).</summary>
    public double ProbabilityOfTransactions(int x, int n)
    {
        if (x < 0 || x > n) return 0;
        var (a, b, g, d) = (Parameters.Alpha, Parameters.Beta, Parameters.Gamma, Parameters.Delta);
        double lbab = LogBeta(a, b), lbgd = LogBeta(g, d);
        double p = Math.Exp(LogChoose(n, x) + LogBeta(a + x, b + n - x) - lbab + LogBeta(g, d + n) - lbgd);
        for (int i = x; i < n; i++) p += Math.Exp(LogChoose(i, x) + LogBeta(a + x, b + i - x) - lbab + LogBeta(g + 1, d + i) - lbgd);
        return p;
    }

    private static double LogChoose(int n, int k) => LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    /// <summary>The parameters with their standard errors.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Parameter", new[] { "alpha", "beta", "gamma", "delta" })
        .Add("Estimate", Parameters.ToArray()).Add("StandardError", StandardErrors.ToArray()).Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BG/BB: {Parameters}, log-likelihood {LogLikelihood:0.0}, {Customers:N0} customers in {Patterns} patterns; {Exit} after {Iterations} iterations. While alive a customer transacts at an opportunity with probability {Parameters.Alpha / (Parameters.Alpha + Parameters.Beta):P1} on average, and leaves before the next with probability {Parameters.Gamma / (Parameters.Gamma + Parameters.Delta):P1} on average.");
}

/// <summary>The beta-geometric/beta-Bernoulli model (Fader, Hardie &amp; Shang 2010) for discrete purchase opportunities.</summary>
public static class BgBb
{
    /// <summary>
    /// One pattern's log-likelihood (paper eq. 5): B(α+x, β+n−x)/B(α, β) · B(γ, δ+n)/B(γ, δ)
    /// + Σᵢ₌₀^(n−tₓ−1) B(α+x, β+tₓ−x+i)/B(α, β) · B(γ+1, δ+tₓ+i)/B(γ, δ), in log space.
    /// </summary>
    public static double LogLikelihood(BgBbParameters p, int x, int tx, int n)
    {
        var (a, b, g, d) = (p.Alpha, p.Beta, p.Gamma, p.Delta);
        double lbab = LogBeta(a, b), lbgd = LogBeta(g, d);
        double m = LogBeta(a + x, b + n - x) - lbab + LogBeta(g, d + n) - lbgd;
        Span<double> terms = stackalloc double[n - tx + 1];
        terms[0] = m;
        for (int i = 0; i < n - tx; i++)
        {
            terms[i + 1] = LogBeta(a + x, b + tx - x + i) - lbab + LogBeta(g + 1, d + tx + i) - lbgd;
            m = Math.Max(m, terms[i + 1]);
        }
        double s = 0;
        foreach (var t in terms) s += Math.Exp(t - m);
        return m + Math.Log(s);
    }

    /// <summary>Fits the model by maximum likelihood (BFGS on log parameters; standard errors from the observed information).</summary>
    /// <exception cref="ModelFitException">No customer ever transacted again, so there is nothing to fit.</exception>
    public static BgBbFit Fit(DiscreteSummary summary, int maxIterations = 1000)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var rows = Enumerable.Range(0, summary.Frequency.Count).Where(i => summary.Weights[i] > 0).ToArray();
        if (!rows.Any(i => summary.Frequency[i] > 0)) throw new ModelFitException($"BG/BB cannot be fitted: none of the {summary.Customers:N0} customers transacted again.");
        double total = rows.Sum(i => summary.Weights[i]);
        double Total(double[] th)
        {
            var p = BgBbParameters.From(th);
            double ll = 0;
            foreach (int i in rows) ll += summary.Weights[i] * LogLikelihood(p, summary.Frequency[i], summary.Recency[i], summary.Opportunities[i]);
            return ll;
        }
        double InLogs(double[] phi) => Total(phi.Select(Math.Exp).ToArray());
        Bfgs.Objective f = (phi, grad) =>
        {
            double ll = Bfgs.NumericGradient(InLogs, phi.ToArray(), grad);
            for (int i = 0; i < grad.Length; i++) grad[i] = -grad[i] / total;
            return -ll / total;
        };
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, [0, 0, 0, 0], maxIterations, 1e-9);
        var theta = phiHat.Select(Math.Exp).ToArray();
        var se = Bfgs.StandardErrorsFromLikelihood(Total, theta);
        return new BgBbFit(BgBbParameters.From(theta), BgBbParameters.From(se), Total(theta), iterations, exit, total, rows.Length);
    }
}
