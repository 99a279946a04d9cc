using Microsoft.Data.Analysis;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Retention;

/// <summary>
/// Retention of one period on contractual data (spec §2): S = customers with an active subscription at the start
/// instant, E = at the end instant (the next period's start), N = customers not active at the start who start a
/// subscription during the period, lost = customers in S or N not active at the end. So E = S − lost + N exactly.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="S">Active at the start.</param>
/// <param name="E">Active at the end.</param>
/// <param name="N">Started during the period (not active at its start).</param>
/// <param name="Lost">In S or N, not active at the end.</param>
/// <param name="LostFromStart">In S, not active at the end: the numerator of churn.</param>
/// <param name="RetentionRate">(E − N) / S.</param>
/// <param name="ChurnRate">LostFromStart / S.</param>
/// <param name="MrrStart">Monthly recurring revenue of the subscriptions active at the start.</param>
/// <param name="MrrLost">Of that, the MRR of subscriptions not active at the end.</param>
/// <param name="MrrEndFromStart">MRR at the end of the customers who were active at the start (their upgrades and new plans included).</param>
/// <param name="MrrChurn">MrrLost / MrrStart.</param>
/// <param name="NetMrrRetention">MrrEndFromStart / MrrStart.</param>
public sealed record SubscriptionPeriod(
    Period Period, long S, long E, long N, long Lost, long LostFromStart, Rate RetentionRate, Rate ChurnRate,
    double MrrStart, double MrrLost, double MrrEndFromStart, Rate MrrChurn, Rate NetMrrRetention)
{
    /// <summary>Contractual churn restated for 30 days, 1 − (1 − churn)^(30 / days): cancellations, so the constant-hazard conversion holds.</summary>
    public double ChurnRate30Days => RetentionFormulas.ThirtyDayEquivalent(ChurnRate.Value, Period.Days);

    /// <summary>Whether the 30-day contractual churn is above the alert threshold (seed 000: 7 %).</summary>
    public bool ChurnAlert { get; init; }
}

/// <summary>Contractual retention and MRR churn per period.</summary>
public sealed record SubscriptionRetention(PeriodLength Length, IReadOnlyList<SubscriptionPeriod> Periods, long Subscriptions, IReadOnlyList<string> Warnings)
{
    /// <summary>Computes per period of <paramref name="grid"/>. Subscriptions with an end before their start are rejected.</summary>
    /// <exception cref="ArgumentException">A subscription ends before it starts (its index is named).</exception>
    /// <param name="subscriptions">The subscriptions.</param>
    /// <param name="grid">The periods.</param>
    /// <param name="churnAlertThreshold">Seed 000's alert: contractual churn per 30 days above this is flagged.</param>
    public static SubscriptionRetention Compute(IReadOnlyList<Subscription> subscriptions, PeriodGrid grid, double churnAlertThreshold = 0.07)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(grid);
        for (int i = 0; i < subscriptions.Count; i++)
            if (subscriptions[i].End is { } end && end < subscriptions[i].Start)
                throw new ArgumentException($"Subscription row {i + 1} (customer '{subscriptions[i].CustomerId}') ends {end:yyyy-MM-dd} before it starts {subscriptions[i].Start:yyyy-MM-dd}.", nameof(subscriptions));
        var byCustomer = subscriptions.GroupBy(s => s.CustomerId).Select(g => g.ToArray()).ToArray();
        var rows = new List<SubscriptionPeriod>();
        foreach (var p in grid.Periods)
        {
            long s = 0, e = 0, n = 0, lost = 0, lostFromStart = 0;
            double mrrStart = 0, mrrLost = 0, mrrEndFromStart = 0;
            foreach (var subs in byCustomer)
            {
                bool atStart = false, atEnd = false, started = false;
                foreach (var sub in subs)
                {
                    bool a = sub.IsActiveAt(p.Start), b = sub.IsActiveAt(p.End);
                    atStart |= a; atEnd |= b;
                    started |= p.Contains(sub.Start);
                    if (a) { mrrStart += sub.MonthlyAmount; if (!b) mrrLost += sub.MonthlyAmount; }
                }
                if (atStart)
                    foreach (var sub in subs) if (sub.IsActiveAt(p.End)) mrrEndFromStart += sub.MonthlyAmount;
                bool isNew = !atStart && started;
                if (atStart) s++;
                if (atEnd) e++;
                if (isNew) n++;
                if ((atStart || isNew) && !atEnd) lost++;
                if (atStart && !atEnd) lostFromStart++;
            }
            const string why = "no active subscriptions at the start of the period";
            rows.Add(new SubscriptionPeriod(p, s, e, n, lost, lostFromStart, RetentionFormulas.CustomerRetentionRate(s, e, n),
                RetentionFormulas.ChurnRate(lostFromStart, s), mrrStart, mrrLost, mrrEndFromStart,
                Rate.Of(mrrLost, mrrStart, why), Rate.Of(mrrEndFromStart, mrrStart, why)));
            rows[^1] = rows[^1] with { ChurnAlert = rows[^1].ChurnRate.IsDefined && rows[^1].ChurnRate30Days > churnAlertThreshold };
        }
        return new SubscriptionRetention(grid.Length, rows, subscriptions.Count, grid.Warnings);
    }

    /// <summary>One row per period.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Start", Periods.Select(p => p.Period.Start))
        .Add("S", Periods.Select(p => p.S)).Add("E", Periods.Select(p => p.E)).Add("N", Periods.Select(p => p.N)).Add("Lost", Periods.Select(p => p.Lost))
        .Add("RetentionRate", Periods.Select(p => p.RetentionRate)).Add("ChurnRate", Periods.Select(p => p.ChurnRate))
        .Add("ChurnRate30Days", Periods.Select(p => p.ChurnRate30Days)).Add("ChurnAlert", Periods.Select(p => p.ChurnAlert))
        .Add("MrrStart", Periods.Select(p => p.MrrStart)).Add("MrrChurn", Periods.Select(p => p.MrrChurn)).Add("NetMrrRetention", Periods.Select(p => p.NetMrrRetention))
        .Build();
}
