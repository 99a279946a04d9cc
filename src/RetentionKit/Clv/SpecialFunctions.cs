namespace RetentionKit.Clv;

/// <summary>Log-gamma, digamma and the Gauss hypergeometric series the models need (net8.0 has none of them).</summary>
internal static class SpecialFunctions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7; relative error near 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        double a = Lanczos[0], t = x + 7.5;
        for (int i = 1; i < 9; i++) a += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>ψ(x) = d ln Γ(x) / dx for x &gt; 0: recurrence up to 6, then the asymptotic series.</summary>
    public static double Digamma(double x)
    {
        double result = 0;
        while (x < 6) { result -= 1 / x; x += 1; }
        double f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    }

    /// <summary>ln B(a, b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>₂F₁(a, b; c; z) for 0 ≤ z &lt; 1 by its power series (terms are summed until they stop mattering).</summary>
    public static double Hyp2F1(double a, double b, double c, double z) => Series(a, b, c, z);

    /// <summary>
    /// ln ₂F₁(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1. Near z = 1 with c − a − b &lt; 0 the function grows like
    /// (1 − z)^(c − a − b) and its series converges slowly; Euler's transformation ₂F₁(a, b; c; z) =
    /// (1 − z)^(c − a − b) ₂F₁(c − a, c − b; c; z) takes that factor out (exactly, for every z in [0, 1)), leaving a
    /// series of positive terms that falls off faster.
    /// </summary>
    public static double LogHyp2F1(double a, double b, double c, double z)
    {
        if (z == 0) return 0;
        if (!(z > 0 && z < 1)) throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is evaluated here for 0 ≤ z < 1 only.");
        double excess = c - a - b;
        if (excess < 0 && z > 0.5 && c - a > 0 && c - b > 0)
            return excess * Math.Log(1 - z) + Math.Log(Series(c - a, c - b, c, z));
        return Math.Log(Series(a, b, c, z));
    }

    // The power series; with z up to 1 − 1e-7 and positive terms it is summed to 1e-15 relative.
    private static double Series(double a, double b, double c, double z)
    {
        double term = 1, sum = 1;
        for (int n = 0; n < 10_000_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum)) break;
        }
        return sum;
    }
}
