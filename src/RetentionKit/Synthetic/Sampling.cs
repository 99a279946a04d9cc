namespace RetentionKit.Synthetic;

/// <summary>Random variates the generator and the model simulations need, from one seeded <see cref="Random"/>.</summary>
internal static class Sampling
{
    public static double Uniform(this Random rng) => rng.NextDouble();

    /// <summary>Exponential with the given rate.</summary>
    public static double Exponential(this Random rng, double rate) => -Math.Log(1 - rng.NextDouble()) / rate;

    public static double StandardNormal(this Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, scale) by Marsaglia and Tsang (2000); shape &lt; 1 by the boost U^(1/shape).</summary>
    public static double Gamma(this Random rng, double shape, double scale)
    {
        if (shape < 1) return rng.Gamma(shape + 1, scale) * Math.Pow(1 - rng.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = rng.StandardNormal(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = 1 - rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v * scale;
        }
    }

    /// <summary>Beta(a, b) from two gammas.</summary>
    public static double Beta(this Random rng, double a, double b)
    {
        double x = rng.Gamma(a, 1), y = rng.Gamma(b, 1);
        return x / (x + y);
    }

    /// <summary>Poisson by inversion (small means) or a normal approximation (large).</summary>
    public static int Poisson(this Random rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 60) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * rng.StandardNormal()));
        double l = Math.Exp(-mean), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }

    /// <summary>Index drawn with the given (cumulative, ascending, last = 1) probabilities.</summary>
    public static int Categorical(this Random rng, double[] cumulative)
    {
        double u = rng.NextDouble();
        int i = Array.BinarySearch(cumulative, u);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    public static double[] Cumulative(params double[] weights)
    {
        double total = weights.Sum(), acc = 0;
        return weights.Select(w => (acc += w) / total).ToArray();
    }

    /// <summary>Median of Gamma(shape, 1), within 1 % for shape ≥ 1 (Chen and Rubin 1986 with a correction).</summary>
    public static double GammaMedian(double shape) => shape - 1.0 / 3 + 0.02 / shape;
}
