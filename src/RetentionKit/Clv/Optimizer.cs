namespace RetentionKit.Clv;

/// <summary>Why a fit stopped.</summary>
public enum FitExit
{
    /// <summary>The gradient is (relatively) zero: a maximum.</summary>
    GradientConverged,
    /// <summary>The objective stopped changing.</summary>
    ObjectiveConverged,
    /// <summary>Ran out of iterations.</summary>
    MaxIterations,
    /// <summary>The line search could not improve the objective (often a flat or ill-posed likelihood).</summary>
    LineSearchFailed,
    /// <summary>The objective was not finite at the start.</summary>
    InvalidStart,
}

/// <summary>
/// BFGS minimiser with a backtracking (Armijo) line search on unconstrained coordinates. The models pass log
/// parameters, so every step stays positive; non-finite trial points shrink the step instead of failing.
/// </summary>
internal static class Bfgs
{
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    public static (double[] X, double Value, int Iterations, FitExit Exit) Minimize(Objective f, double[] x0, int maxIterations = 500, double gradientTolerance = 1e-7)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        var g = new double[n];
        double fx = f(x, g);
        if (!double.IsFinite(fx) || g.Any(v => !double.IsFinite(v))) return (x, fx, 0, FitExit.InvalidStart);
        var h = Identity(n);
        var xNew = new double[n]; var gNew = new double[n]; var d = new double[n]; var s = new double[n]; var y = new double[n];
        for (int it = 1; it <= maxIterations; it++)
        {
            if (g.Max(Math.Abs) < gradientTolerance * Math.Max(1, Math.Abs(fx))) return (x, fx, it - 1, FitExit.GradientConverged);
            for (int i = 0; i < n; i++) { d[i] = 0; for (int j = 0; j < n; j++) d[i] -= h[i, j] * g[j]; }
            double slope = Dot(d, g);
            if (slope >= 0) { h = Identity(n); for (int i = 0; i < n; i++) d[i] = -g[i]; slope = -Dot(g, g); }
            // Keep a step from jumping more than a factor e^5 in any parameter.
            double maxStep = d.Max(Math.Abs);
            double step = maxStep > 5 ? 5 / maxStep : 1;
            double fNew = double.NaN;
            bool accepted = false;
            for (int ls = 0; ls < 60; ls++)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
                fNew = f(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= fx + 1e-4 * step * slope && gNew.All(double.IsFinite)) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) return (x, fx, it, FitExit.LineSearchFailed);
            for (int i = 0; i < n; i++) { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i]; }
            double change = fx - fNew;
            Array.Copy(xNew, x, n); Array.Copy(gNew, g, n);
            double prev = fx;
            fx = fNew;
            double sy = Dot(s, y);
            if (sy > 1e-12) Update(h, s, y, sy);
            if (change <= 1e-14 * Math.Max(1, Math.Abs(prev)) && g.Max(Math.Abs) < 1e-4 * Math.Max(1, Math.Abs(fx)))
                return (x, fx, it, FitExit.ObjectiveConverged);
        }
        return (x, fx, maxIterations, FitExit.MaxIterations);
    }

    private static void Update(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        var hy = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hy[i] += h[i, j] * y[j];
        double yhy = Dot(y, hy);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
    }

    private static double Dot(double[] a, double[] b) { double t = 0; for (int i = 0; i < a.Length; i++) t += a[i] * b[i]; return t; }

    private static double[,] Identity(int n) { var m = new double[n, n]; for (int i = 0; i < n; i++) m[i, i] = 1; return m; }

    /// <summary>Inverts a small symmetric positive definite matrix (Gauss–Jordan); null when singular.</summary>
    public static double[,]? Invert(double[,] m)
    {
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        var inv = Identity(n);
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            if (Math.Abs(a[p, c]) < 1e-300) return null;
            for (int k = 0; k < n; k++) { (a[c, k], a[p, k]) = (a[p, k], a[c, k]); (inv[c, k], inv[p, k]) = (inv[p, k], inv[c, k]); }
            double piv = a[c, c];
            for (int k = 0; k < n; k++) { a[c, k] /= piv; inv[c, k] /= piv; }
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = a[r, c];
                if (f == 0) continue;
                for (int k = 0; k < n; k++) { a[r, k] -= f * a[c, k]; inv[r, k] -= f * inv[c, k]; }
            }
        }
        return inv;
    }

    /// <summary>
    /// The gradient of a log-likelihood in log parameters by central differences, for the models whose analytic gradient
    /// would be longer than their likelihood (Pareto/NBD, BG/BB); the step 1e-5 in log space keeps the error near 1e-10.
    /// </summary>
    public static double NumericGradient(Func<double[], double> logLikelihood, double[] logTheta, Span<double> grad)
    {
        // The 2n evaluations are independent: they run on the machine's cores.
        int n = logTheta.Length;
        var values = new double[2 * n];
        Parallel.For(0, 2 * n, k =>
        {
            var x = (double[])logTheta.Clone();
            x[k / 2] += k % 2 == 0 ? 1e-5 : -1e-5;
            values[k] = logLikelihood(x);
        });
        for (int i = 0; i < n; i++) grad[i] = (values[2 * i] - values[2 * i + 1]) / 2e-5;
        return logLikelihood(logTheta);
    }

    /// <summary>Standard errors from the Hessian of a log-likelihood by second central differences of the likelihood itself, in natural parameters.</summary>
    public static double[] StandardErrorsFromLikelihood(Func<double[], double> logLikelihood, double[] theta) => StandardErrorsOf(CovarianceFromLikelihood(logLikelihood, theta), theta.Length);

    /// <summary>The inverse observed information (the estimates' covariance) by second differences of the log-likelihood; null when singular.</summary>
    public static double[,]? CovarianceFromLikelihood(Func<double[], double> logLikelihood, double[] theta)
    {
        int n = theta.Length;
        var hess = new double[n, n];
        var h = theta.Select(t => 1e-4 * Math.Max(Math.Abs(t), 1e-3)).ToArray();
        double f0 = logLikelihood(theta);
        double F(int i, double di, int j, double dj)
        {
            var x = (double[])theta.Clone();
            x[i] += di; x[j] += dj;
            return logLikelihood(x);
        }
        for (int i = 0; i < n; i++)
        {
            hess[i, i] = -(F(i, h[i], i, 0) - 2 * f0 + F(i, -h[i], i, 0)) / (h[i] * h[i]);
            for (int j = i + 1; j < n; j++)
                hess[i, j] = hess[j, i] = -(F(i, h[i], j, h[j]) - F(i, h[i], j, -h[j]) - F(i, -h[i], j, h[j]) + F(i, -h[i], j, -h[j])) / (4 * h[i] * h[j]);
        }
        return Invert(hess);
    }

    /// <summary>Standard errors from a covariance: the roots of its diagonal, NaN where it is singular or not positive.</summary>
    public static double[] StandardErrorsOf(double[,]? cov, int n)
    {
        var se = new double[n];
        for (int i = 0; i < n; i++) se[i] = cov is null || cov[i, i] <= 0 ? double.NaN : Math.Sqrt(cov[i, i]);
        return se;
    }

    /// <summary>Standard errors from the Hessian of a negative log-likelihood, by central differences of its analytic gradient in natural parameters.</summary>
    public static double[] StandardErrors(Func<double[], double[]> gradientNatural, double[] theta) => StandardErrorsOf(Covariance(gradientNatural, theta), theta.Length);

    /// <summary>The inverse Hessian of the negative log-likelihood (the estimates' covariance), from its analytic gradient; null when singular.</summary>
    public static double[,]? Covariance(Func<double[], double[]> gradientNatural, double[] theta)
    {
        int n = theta.Length;
        var hess = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double h = 1e-5 * Math.Max(Math.Abs(theta[j]), 1e-3);
            var up = (double[])theta.Clone(); up[j] += h;
            var dn = (double[])theta.Clone(); dn[j] -= h;
            var gu = gradientNatural(up); var gd = gradientNatural(dn);
            for (int i = 0; i < n; i++) hess[i, j] = (gu[i] - gd[i]) / (2 * h);
        }
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) { double v = (hess[i, j] + hess[j, i]) / 2; hess[i, j] = v; hess[j, i] = v; }
        return Invert(hess);
    }
}
