using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Clv;
using RetentionKit.Data;
using static RetentionKit.Clv.SpecialFunctions;

namespace RetentionKit.Survival;

/// <summary>sBG parameters: each customer's churn probability per period θ ~ Beta(α, β).</summary>
public sealed record SbgParameters(double Alpha, double Beta)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"α = {Alpha:0.####}, β = {Beta:0.####}");
}

/// <summary>
/// A fitted shifted-beta-geometric model (Fader &amp; Hardie 2007, "How to project customer retention"): in a contract
/// setting every customer renews each period with their own probability 1 − θ, and θ differs between customers as
/// Beta(α, β). The pool of survivors is ever more made of loyal customers, so the retention rate of the pool rises with
/// tenure even though no customer changes: the lesson of the paper, and why a constant churn rate projects too few
/// survivors.
/// </summary>
/// <param name="Parameters">Maximum likelihood estimates.</param>
/// <param name="StandardErrors">From the inverse Hessian of −LL at the optimum (NaN when singular).</param>
/// <param name="LogLikelihood">Total log-likelihood.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="Exit">Why the optimiser stopped.</param>
/// <param name="Customers">Customers (or subscriptions) fitted.</param>
/// <param name="Ended">Of them, those whose end was observed (the rest are censored: still active).</param>
/// <param name="Observed">For a cohort given by its survivor counts: those counts (start of period 0, 1, …); else empty.</param>
public sealed record SbgFit(SbgParameters Parameters, SbgParameters StandardErrors, double LogLikelihood, int Iterations, FitExit Exit,
    long Customers, long Ended, IReadOnlyList<long> Observed)
{
    /// <summary>Whether the optimiser reached a maximum.</summary>
    public bool Converged => Exit is FitExit.GradientConverged or FitExit.ObjectiveConverged;

    /// <summary>
    /// The observed survival per period as a life table of the fitted data: S(t) = Π over k ≤ t of (1 − lost in period k /
    /// at risk in period k), at risk being those neither lost nor censored before k. For one cohort it is its survivors'
    /// share; for subscriptions of many start months it is the Kaplan–Meier estimate in whole periods, what sBG is fitted to.
    /// </summary>
    public IReadOnlyList<double> ObservedSurvival { get; init; } = [];

    /// <summary>P(T = t): the share of a new cohort lost in period t (t ≥ 1), B(α + 1, β + t − 1) / B(α, β).</summary>
    public double Churn(int t) => t < 1 ? 0 : Math.Exp(LogBeta(Parameters.Alpha + 1, Parameters.Beta + t - 1) - LogBeta(Parameters.Alpha, Parameters.Beta));

    /// <summary>S(t): the share of a new cohort still a customer after t periods, B(α, β + t) / B(α, β).</summary>
    public double Survival(int t) => t <= 0 ? 1 : Math.Exp(LogBeta(Parameters.Alpha, Parameters.Beta + t) - LogBeta(Parameters.Alpha, Parameters.Beta));

    /// <summary>r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): the retention rate of period t, rising with t.</summary>
    public double RetentionRate(int t) => t < 1 ? double.NaN : (Parameters.Beta + t - 1) / (Parameters.Alpha + Parameters.Beta + t - 1);

    /// <summary>
    /// Discounted expected residual lifetime (Fader &amp; Hardie 2010) of a customer who has renewed <paramref name="renewals"/>
    /// times: the expected number of further payments, the next one a period away counted in full and each later one
    /// discounted by 1 + <paramref name="discount"/> a period: Σₖ≥₁ S(n + k) / S(n) / (1 + d)^(k − 1)
    /// = (β + n) / (α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1 / (1 + d)). Times the payment, the value of a customer.
    /// </summary>
    public double ExpectedResidualLifetime(double discount, int renewals = 0)
    {
        if (!(discount > 0)) throw new ArgumentOutOfRangeException(nameof(discount), discount, "The discount rate per period must be above 0 (without discounting the lifetime can be infinite).");
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        var (a, b, n) = (Parameters.Alpha, Parameters.Beta, (double)renewals);
        return (b + n) / (a + b + n) * Hyp2F1(1, b + n + 1, a + b + n + 1, 1 / (1 + discount));
    }

    /// <summary>Observed (life table) and fitted survival and retention per period (observed columns empty beyond the data).</summary>
    public DataFrame ToDataFrame(int periods = 12)
    {
        int n = Math.Max(periods, ObservedSurvival.Count - 1);
        var rows = Enumerable.Range(0, n + 1).ToList();
        double Obs(int t) => t < ObservedSurvival.Count ? ObservedSurvival[t] : double.NaN;
        return new FrameBuilder()
            .Add("Period", rows)
            .Add("ObservedSurvival", rows.Select(Obs))
            .Add("FittedSurvival", rows.Select(t => Survival(t)))
            .Add("ObservedRetention", rows.Select(t => t >= 1 && Obs(t - 1) > 0 ? Obs(t) / Obs(t - 1) : double.NaN))
            .Add("FittedRetention", rows.Select(t => RetentionRate(t)))
            .Build();
    }

    /// <summary>
    /// What the fit says about the customers: when retention rises with tenure (customers differ in their churn), and when
    /// it barely does (α and β large: about the same churn for everyone, a constant-rate model, where sBG adds nothing).
    /// </summary>
    public string Meaning
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            double first = RetentionRate(1), tenth = RetentionRate(10);
            return tenth - first < 0.01
                ? string.Create(inv, $"Retention barely changes with tenure ({first:P1} in period 1, {tenth:P1} in period 10): churn is about the same for every customer here (α + β = {Parameters.Alpha + Parameters.Beta:G3}), so a constant churn rate of {1 - first:P1} a period describes this data as well; the standard errors of α and β are then large or undefined, while their ratio is well determined.")
                : string.Create(inv, $"Retention rises with tenure, from {first:P1} in period 1 to {tenth:P1} in period 10, although no customer changes: the customers who stay are the ones least likely to leave. A constant churn rate projected from period 1 undercounts later survivors.");
        }
    }

    /// <summary>The parameters with their standard errors.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sBG: {Parameters} (s.e. {StandardErrors.Alpha:0.###}, {StandardErrors.Beta:0.###}), log-likelihood {LogLikelihood:0.0}, {Customers:N0} customers ({Ended:N0} ended); " +
        $"mean churn α / (α + β) = {Parameters.Alpha / (Parameters.Alpha + Parameters.Beta):P1} in period 1; {Exit}");
}

/// <summary>Fits the shifted-beta-geometric model to cohort survivor counts or to subscriptions.</summary>
public static class ShiftedBetaGeometric
{
    /// <summary>
    /// Fits one cohort given as survivors at the start of each period: <paramref name="survivors"/>[0] is the cohort's
    /// size, [t] the customers still there at the start of period t (the paper's 1000, 631, 468, …).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two counts, a negative count, or a count that rises.</exception>
    public static SbgFit Fit(IReadOnlyList<long> survivors)
    {
        ArgumentNullException.ThrowIfNull(survivors);
        if (survivors.Count < 2) throw new ArgumentException("Give the cohort's size and at least one later count of survivors.", nameof(survivors));
        for (int t = 0; t < survivors.Count; t++)
        {
            if (survivors[t] < 0) throw new ArgumentException($"survivors[{t}] = {survivors[t]} is negative.", nameof(survivors));
            if (t > 0 && survivors[t] > survivors[t - 1]) throw new ArgumentException($"survivors rise from {survivors[t - 1]} to {survivors[t]} at period {t}; a cohort only shrinks.", nameof(survivors));
        }
        var durations = new List<(int Periods, bool Ended, double Weight)>();
        for (int t = 1; t < survivors.Count; t++) durations.Add((t, true, survivors[t - 1] - survivors[t]));
        durations.Add((survivors.Count - 1, false, survivors[^1]));
        return Fit(durations, survivors);
    }

    /// <summary>
    /// Fits subscriptions in whole periods of <paramref name="months"/> calendar months (1: monthly billing, 12: yearly),
    /// counted from each subscription's own start, so one that ends on its first renewal date (28 to 31 days later) was
    /// lost in period 1. One that ended in its t-th period was lost in period t; one still active at
    /// <paramref name="observationEnd"/> survived the whole periods it was observed for (censored). All cohorts (start
    /// months) share one (α, β).
    /// </summary>
    /// <exception cref="ArgumentException">No subscription was observed for a whole period.</exception>
    public static SbgFit Fit(IReadOnlyList<Subscription> subscriptions, DateTime observationEnd, int months = 1)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        var durations = new List<(int, bool, double)>();
        foreach (var s in subscriptions)
        {
            if (s.Start >= observationEnd) continue;
            bool ended = s.End is { } e && e <= observationEnd;
            double periods = MonthsBetween(s.Start, ended ? s.End!.Value : observationEnd) / months;
            if (ended) durations.Add((Math.Max(1, (int)Math.Ceiling(periods - 1e-9)), true, 1));
            else if ((int)Math.Floor(periods + 1e-9) is > 0 and var whole) durations.Add((whole, false, 1));
        }
        if (durations.Count == 0) throw new ArgumentException("No subscription was observed for a whole period before the observation end; sBG needs at least one renewal decision.", nameof(subscriptions));
        return Fit(durations, []);
    }

    /// <summary>Calendar months from <paramref name="from"/> to <paramref name="to"/>: whole months, plus the share of the month under way.</summary>
    internal static double MonthsBetween(DateTime from, DateTime to)
    {
        int whole = (to.Year - from.Year) * 12 + to.Month - from.Month;
        while (whole > 0 && from.AddMonths(whole) > to) whole--;
        while (from.AddMonths(whole + 1) <= to) whole++;
        var (a, b) = (from.AddMonths(whole), from.AddMonths(whole + 1));
        return whole + (to - a).TotalDays / (b - a).TotalDays;
    }

    private static SbgFit Fit(List<(int Periods, bool Ended, double Weight)> raw, IReadOnlyList<long> observed)
    {
        var groups = raw.GroupBy(d => (d.Periods, d.Ended)).Select(g => (g.Key.Periods, g.Key.Ended, Weight: g.Sum(x => x.Weight))).Where(g => g.Weight > 0).ToArray();
        double total = groups.Sum(g => g.Weight), ended = groups.Where(g => g.Ended).Sum(g => g.Weight);
        if (ended == 0) throw new ModelFitException($"sBG cannot be fitted: none of the {total:N0} customers left, so the data says nothing about churn.");
        double LogLik(ReadOnlySpan<double> th, Span<double> grad)
        {
            double a = th[0], b = th[1], lbab = LogBeta(a, b), psiAB = Digamma(a + b), psiA = Digamma(a), psiB = Digamma(b);
            double ll = 0, ga = 0, gb = 0;
            foreach (var (t, isEnded, w) in groups)
            {
                if (isEnded)
                {
                    // ln P(t) = ln B(α + 1, β + t − 1) − ln B(α, β)
                    ll += w * (LogBeta(a + 1, b + t - 1) - lbab);
                    double psi = Digamma(a + b + t);
                    ga += w * (Digamma(a + 1) - psi - psiA + psiAB);
                    gb += w * (Digamma(b + t - 1) - psi - psiB + psiAB);
                }
                else
                {
                    // ln S(t) = ln B(α, β + t) − ln B(α, β)
                    ll += w * (LogBeta(a, b + t) - lbab);
                    double psi = Digamma(a + b + t);
                    ga += w * (psiAB - psi);
                    gb += w * (Digamma(b + t) - psi - psiB + psiAB);
                }
            }
            grad[0] = ga; grad[1] = gb;
            return ll;
        }
        Bfgs.Objective f = (phi, grad) =>
        {
            Span<double> th = [Math.Exp(phi[0]), Math.Exp(phi[1])];
            double ll = LogLik(th, grad);
            for (int i = 0; i < 2; i++) grad[i] = -grad[i] * th[i] / total;
            return -ll / total;
        };
        var (phiHat, _, iterations, exit) = Bfgs.Minimize(f, [0, 0], 1000);
        var th = phiHat.Select(Math.Exp).ToArray();
        double llHat = LogLik(th, new double[2]);
        var se = Bfgs.StandardErrors(x => { var g = new double[2]; LogLik(x, g); return g.Select(v => -v).ToArray(); }, th);
        int last = groups.Max(g => g.Periods);
        var table = new double[last + 1];
        table[0] = 1;
        for (int t = 1; t <= last; t++)
        {
            double atRisk = groups.Where(g => g.Ended ? g.Periods >= t : g.Periods >= t).Sum(g => g.Weight);
            double lost = groups.Where(g => g.Ended && g.Periods == t).Sum(g => g.Weight);
            table[t] = atRisk > 0 ? table[t - 1] * (1 - lost / atRisk) : double.NaN;
        }
        return new SbgFit(new SbgParameters(th[0], th[1]), new SbgParameters(se[0], se[1]), llHat, iterations, exit, (long)total, (long)ended, observed) { ObservedSurvival = table };
    }
}
