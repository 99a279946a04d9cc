using RetentionKit.Clv;

namespace RetentionKit.Synthetic;

/// <summary>
/// Simulates customers from the BG/NBD and Gamma–Gamma processes with known parameters, for recovery tests and
/// benchmarks: λ ~ Gamma(r, rate α), p ~ Beta(a, b); purchases follow a Poisson process at rate λ and after each
/// repeat purchase the customer drops out with probability p; spend per purchase ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v).
/// </summary>
public static class BuyTillYouDie
{
    /// <summary>
    /// <paramref name="customers"/> customers first buying at a uniform time in [0, <paramref name="acquisitionSpan"/>) and observed until
    /// <paramref name="observationLength"/> (so T ∈ (observationLength − acquisitionSpan, observationLength]). With
    /// <paramref name="dayResolution"/> times are rounded to days as in real data (the unit being weeks).
    /// </summary>
    public static CustomerSummary Simulate(BgNbdParameters purchases, GammaGammaParameters? spend, int customers, int seed,
        double observationLength = 52, double acquisitionSpan = 26, bool dayResolution = false)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var rng = new Random(seed);
        var x = new int[customers]; var tx = new double[customers]; var tt = new double[customers]; var m = new double[customers];
        for (int i = 0; i < customers; i++)
        {
            double t = observationLength - rng.NextDouble() * acquisitionSpan;
            if (dayResolution) t = Math.Round(t * 7) / 7;
            double lambda = rng.Gamma(purchases.R, 1 / purchases.Alpha);
            double p = rng.Beta(purchases.A, purchases.B);
            double now = 0, last = 0;
            int n = 0;
            while (true)
            {
                now += rng.Exponential(lambda);
                if (now > t) break;
                n++;
                last = now;
                if (rng.NextDouble() < p) break;
            }
            if (dayResolution && n > 0) last = Math.Min(t, Math.Max(1, Math.Round(last * 7)) / 7);
            x[i] = n; tx[i] = last; tt[i] = t;
            m[i] = double.NaN;
            if (spend is not null && n > 0)
            {
                double nu = rng.Gamma(spend.Q, 1 / spend.V);
                double sum = 0;
                for (int k = 0; k < n; k++) sum += rng.Gamma(spend.P, 1 / nu);
                m[i] = sum / n;
            }
        }
        return CustomerSummary.FromStatistics(TimeUnit.Week, x, tx, tt, m);
    }

    /// <summary>
    /// Customers of the Pareto/NBD process: λ ~ Gamma(r, rate α), μ ~ Gamma(s, rate β); purchases at rate λ until a
    /// lifetime ~ Exponential(μ) ends, at any moment. First purchases and T as in <see cref="Simulate"/>.
    /// </summary>
    public static CustomerSummary SimulateParetoNbd(ParetoNbdParameters p, int customers, int seed, double observationLength = 52, double acquisitionSpan = 26)
    {
        ArgumentNullException.ThrowIfNull(p);
        var rng = new Random(seed);
        var x = new int[customers]; var tx = new double[customers]; var tt = new double[customers];
        for (int i = 0; i < customers; i++)
        {
            double t = observationLength - rng.NextDouble() * acquisitionSpan;
            double lambda = rng.Gamma(p.R, 1 / p.Alpha), mu = rng.Gamma(p.S, 1 / p.Beta);
            double death = rng.Exponential(mu), end = Math.Min(t, death), now = 0, last = 0;
            int n = 0;
            while ((now += rng.Exponential(lambda)) <= end) { n++; last = now; }
            x[i] = n; tx[i] = last; tt[i] = t;
        }
        return CustomerSummary.FromStatistics(TimeUnit.Week, x, tx, tt, new double[customers].Select(_ => double.NaN).ToArray());
    }

    /// <summary>
    /// Customers of the BG/BB process over <paramref name="opportunities"/> opportunities: while alive a customer
    /// transacts at each with probability p ~ Beta(α, β), and after each opportunity leaves with probability θ ~ Beta(γ, δ).
    /// </summary>
    public static DiscreteSummary SimulateBgBb(BgBbParameters p, int customers, int opportunities, int seed)
    {
        ArgumentNullException.ThrowIfNull(p);
        var rng = new Random(seed);
        var counts = new Dictionary<(int X, int Tx), double>();
        for (int i = 0; i < customers; i++)
        {
            double buy = rng.Beta(p.Alpha, p.Beta), leave = rng.Beta(p.Gamma, p.Delta);
            int x = 0, tx = 0;
            for (int k = 1; k <= opportunities; k++)
            {
                if (rng.NextDouble() < leave) break; // dead before opportunity k
                if (rng.NextDouble() < buy) { x++; tx = k; }
            }
            counts[(x, tx)] = counts.GetValueOrDefault((x, tx)) + 1;
        }
        var keys = counts.Keys.OrderBy(k => k.X).ThenBy(k => k.Tx).ToList();
        return new DiscreteSummary(keys.Select(k => k.X).ToList(), keys.Select(k => k.Tx).ToList(), keys.Select(_ => opportunities).ToList(), keys.Select(k => counts[k]).ToList());
    }

    /// <summary>
    /// A contractual cohort of the sBG process: each customer's churn probability θ ~ Beta(α, β); survivors at the start
    /// of periods 0 … <paramref name="periods"/>.
    /// </summary>
    public static long[] SimulateSbg(double alpha, double beta, int customers, int periods, int seed)
    {
        var rng = new Random(seed);
        var alive = new long[periods + 1];
        for (int i = 0; i < customers; i++)
        {
            double theta = rng.Beta(alpha, beta);
            alive[0]++;
            for (int t = 1; t <= periods && rng.NextDouble() >= theta; t++) alive[t]++;
        }
        return alive;
    }
}
