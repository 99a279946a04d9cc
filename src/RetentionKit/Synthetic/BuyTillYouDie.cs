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
}
