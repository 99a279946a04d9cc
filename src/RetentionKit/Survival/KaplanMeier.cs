using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Data;

namespace RetentionKit.Survival;

/// <summary>One step of the survival curve.</summary>
/// <param name="Days">Time since the subscription started.</param>
/// <param name="AtRisk">Subscriptions still running just before this time.</param>
/// <param name="Events">Subscriptions ending at this time.</param>
/// <param name="Censored">Subscriptions still open whose observation stops at this time.</param>
/// <param name="Survival">Kaplan–Meier S(t).</param>
/// <param name="Lower">Lower 95 % bound (Greenwood variance on the log(−log) scale, which stays inside [0, 1]).</param>
/// <param name="Upper">Upper 95 % bound.</param>
public sealed record SurvivalStep(double Days, long AtRisk, long Events, long Censored, double Survival, double Lower, double Upper);

/// <summary>
/// Kaplan–Meier survival of subscription durations with right-censoring (spec §9): a subscription that is still
/// open at the observation end counts as at risk until then and is not an ending.
/// </summary>
/// <param name="Subscriptions">Subscriptions started before the observation end.</param>
/// <param name="Ended">Those that ended by the observation end.</param>
/// <param name="ObservationEnd">Open subscriptions are censored here.</param>
/// <param name="Steps">The curve, one row per distinct time with an ending or a censoring.</param>
/// <param name="MedianDays">The first time the survival falls to 0.5 or below; NaN if it never does.</param>
public sealed record KaplanMeier(long Subscriptions, long Ended, DateTime ObservationEnd, IReadOnlyList<SurvivalStep> Steps, double MedianDays)
{
    /// <summary>Survival at <paramref name="days"/> (a step function, 1 before the first ending).</summary>
    public double At(double days)
    {
        double s = 1;
        foreach (var step in Steps) { if (step.Days > days) break; s = step.Survival; }
        return s;
    }

    /// <summary>Fits the curve to subscriptions observed until <paramref name="observationEnd"/>.</summary>
    public static KaplanMeier Fit(IReadOnlyList<Subscription> subscriptions, DateTime observationEnd)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var durations = new List<(double Days, bool Ended)>();
        foreach (var s in subscriptions)
        {
            if (s.Start >= observationEnd) continue;
            bool ended = s.End is { } e && e <= observationEnd;
            var stop = ended ? s.End!.Value : observationEnd;
            durations.Add(((stop - s.Start).TotalDays, ended));
        }
        return FitDurations(durations, observationEnd);
    }

    /// <summary>Fits the curve to (duration, ended) pairs; ended = false means censored.</summary>
    public static KaplanMeier FitDurations(IReadOnlyList<(double Days, bool Ended)> durations, DateTime observationEnd = default)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.OrderBy(d => d.Days).ToList();
        long atRisk = sorted.Count, endedTotal = 0;
        double s = 1, greenwood = 0, median = double.NaN;
        var steps = new List<SurvivalStep>();
        const double z = 1.959963984540054;
        for (int i = 0; i < sorted.Count;)
        {
            double t = sorted[i].Days;
            long d = 0, c = 0;
            while (i < sorted.Count && sorted[i].Days == t) { if (sorted[i].Ended) d++; else c++; i++; }
            if (d > 0)
            {
                s *= 1 - (double)d / atRisk;
                if (atRisk > d) greenwood += (double)d / (atRisk * (atRisk - d));
                endedTotal += d;
                if (double.IsNaN(median) && s <= 0.5) median = t;
            }
            double lower, upper;
            if (s <= 0 || s >= 1) { lower = s; upper = s; }
            else
            {
                double logS = Math.Log(s);
                double se = Math.Sqrt(greenwood) / Math.Abs(logS);
                lower = Math.Pow(s, Math.Exp(z * se));
                upper = Math.Pow(s, Math.Exp(-z * se));
            }
            steps.Add(new SurvivalStep(t, atRisk, d, c, s, lower, upper));
            atRisk -= d + c;
        }
        return new KaplanMeier(sorted.Count, endedTotal, observationEnd, steps, median);
    }

    /// <summary>The curve as a table.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Days", Steps.Select(x => x.Days)).Add("AtRisk", Steps.Select(x => x.AtRisk)).Add("Events", Steps.Select(x => x.Events))
        .Add("Censored", Steps.Select(x => x.Censored)).Add("Survival", Steps.Select(x => x.Survival))
        .Add("Lower", Steps.Select(x => x.Lower)).Add("Upper", Steps.Select(x => x.Upper)).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Kaplan–Meier: {Subscriptions:N0} subscriptions, {Ended:N0} ended; median survival {(double.IsNaN(MedianDays) ? "not reached" : MedianDays.ToString("0", CultureInfo.InvariantCulture) + " days")}.");
}
