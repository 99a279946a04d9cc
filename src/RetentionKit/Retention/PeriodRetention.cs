using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Retention;

/// <summary>
/// Retention and churn of one period on transaction data (spec §2, §3): a customer is active in a period when
/// they placed an order in it. S = active in the previous period, E = active in this one, N = first order ever
/// in this one; E − N = retained + reactivated, and E = S − lost + N + reactivated.
/// </summary>
/// <param name="Period">The period, start inclusive, end exclusive.</param>
/// <param name="S">Customers active in the previous period.</param>
/// <param name="E">Customers active in this period.</param>
/// <param name="N">Customers whose first order ever falls in this period.</param>
/// <param name="Retained">Active in the previous period and in this one.</param>
/// <param name="Lost">Active in the previous period, not in this one.</param>
/// <param name="Reactivated">Active in this period, not in the previous one, acquired before that.</param>
/// <param name="RetentionRate">The seeds' formula (E − N) / S: counts reactivated customers as retained.</param>
/// <param name="StrictRetentionRate">retained / S: only customers who bought in both periods.</param>
/// <param name="ChurnRate">lost / S. On transaction data a "lost" customer may come back: this churn depends on the
/// period length and is not comparable with a monthly threshold; <see cref="LapseRates"/> is.</param>
/// <param name="Warnings">Short period, undefined rates, anything else about this row.</param>
public sealed record RetentionPeriod(
    Period Period, long S, long E, long N, long Retained, long Lost, long Reactivated,
    Rate RetentionRate, Rate StrictRetentionRate, Rate ChurnRate, IReadOnlyList<string> Warnings)
{
    /// <summary>Reactivated / S: the part of (E − N) / S that did not buy in the previous period.</summary>
    public Rate ReactivatedShare => Rate.Of(Reactivated, S, "S = 0");

    /// <summary>
    /// The two identities, with this row's numbers: (E − N) / S = strict retention + reactivated / S, and
    /// strict retention + churn = 100 % (so (E − N) / S + churn is 100 % only without reactivations).
    /// </summary>
    public string Identities => S == 0 ? "undefined (S = 0)" : string.Create(CultureInfo.InvariantCulture,
        $"(E − N)/S {RetentionRate} = strict {StrictRetentionRate} + reactivated/S {ReactivatedShare}; strict {StrictRetentionRate} + churn {ChurnRate} = 100 %");
}

/// <summary>Options for period-based metrics.</summary>
public sealed record RetentionOptions
{
    /// <summary>The purchase cycle, for the short-period warning; measured from the data when null.</summary>
    public PurchaseCycle? Cycle { get; init; }
}

/// <summary>Period-by-period retention on transaction data, with the period, its length, the counts and the warnings.</summary>
/// <param name="Length">The period unit.</param>
/// <param name="PeriodDays">Nominal days per period.</param>
/// <param name="Periods">One row per complete period in the window.</param>
/// <param name="Warnings">Warnings that concern every period (short period, partial periods left out).</param>
public sealed record PeriodRetention(
    PeriodLength Length, double PeriodDays, IReadOnlyList<RetentionPeriod> Periods, IReadOnlyList<string> Warnings)
{
    /// <summary>Computes retention per period of <paramref name="grid"/>.</summary>
    public static PeriodRetention Compute(OrderHistory history, PeriodGrid grid, RetentionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(grid);
        var activity = PeriodActivity.Build(history, grid);
        return From(activity, new PeriodTally(activity), options ?? new RetentionOptions());
    }

    internal static PeriodRetention From(PeriodActivity a, PeriodTally t, RetentionOptions o)
    {
        var cycle = o.Cycle ?? PurchaseCycle.Measure(a.History);
        var common = new List<string>(a.Grid.Warnings);
        var shortWarning = cycle.ShortPeriodWarning(a.Grid.Length);
        if (shortWarning is not null) common.Add(shortWarning);
        if (a.History.LinesWithoutCustomer > 0)
            common.Add($"{a.History.LinesWithoutCustomer:N0} lines without a customer id are left out of customer counts.");
        var rows = new List<RetentionPeriod>(t.P);
        for (int k = 0; k < t.P; k++)
        {
            var period = a.Grid.Periods[k];
            var warnings = new List<string>();
            if (shortWarning is not null) warnings.Add(shortWarning);
            var crr = RetentionFormulas.CustomerRetentionRate(t.S[k], t.E[k], t.N[k]);
            var strict = Rate.Of(t.Retained[k], t.S[k], crr.UndefinedReason ?? "S = 0");
            var churn = RetentionFormulas.ChurnRate(t.Lost[k], t.S[k]);
            if (!crr.IsDefined) warnings.Add($"retention and churn are undefined for {period}: no customer was active in the previous period (S = 0).");
            if (crr.IsDefined && crr.Value > 1)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"retention (E − N) / S is above 100 % because {t.Reactivated[k]:N0} reactivated customers count as retained; strict retention (bought in both periods) is {strict}."));
            if (k == 0 && a.History.FirstOrder is { } firstOrder && firstOrder.Date > a.Grid.BasePeriod.Start && firstOrder < a.Grid.BasePeriod.End)
                warnings.Add($"S counts customers from {firstOrder:yyyy-MM-dd}, when the data starts; the previous {a.Grid.Length.Name} began {a.Grid.BasePeriod.Start:yyyy-MM-dd}, so S may be too small.");
            rows.Add(new RetentionPeriod(period, t.S[k], t.E[k], t.N[k], t.Retained[k], t.Lost[k], t.Reactivated[k], crr, strict, churn, warnings));
        }
        common.Add("churn here is lost / S: customers who bought in the previous period and not in this one. Some come back later, so it grows as the period shrinks and cannot be held against a monthly threshold; the monthly lapse rate can.");
        return new PeriodRetention(a.Grid.Length, a.Grid.Length.NominalDays, rows, common);
    }

    /// <summary>One row per period.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Start", Periods.Select(p => p.Period.Start))
        .Add("End", Periods.Select(p => p.Period.End))
        .Add("S", Periods.Select(p => p.S)).Add("E", Periods.Select(p => p.E)).Add("N", Periods.Select(p => p.N))
        .Add("Retained", Periods.Select(p => p.Retained)).Add("Lost", Periods.Select(p => p.Lost)).Add("Reactivated", Periods.Select(p => p.Reactivated))
        .Add("RetentionRate", Periods.Select(p => p.RetentionRate)).Add("StrictRetentionRate", Periods.Select(p => p.StrictRetentionRate))
        .Add("ChurnRate", Periods.Select(p => p.ChurnRate)).Add("ReactivatedShare", Periods.Select(p => p.ReactivatedShare))
        .Add("Warnings", Periods.Select(p => string.Join(" ", p.Warnings.Except(Warnings))))
        .Build();

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Retention per {Length.Name} ({Periods.Count} periods)\n");
        foreach (var p in Periods)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Period.Start:yyyy-MM-dd}  S={p.S} E={p.E} N={p.N}  retention {p.RetentionRate}  strict {p.StrictRetentionRate}  churn {p.ChurnRate}\n");
            foreach (var w in p.Warnings.Except(Warnings)) sb.Append("    note: ").Append(w).Append('\n');
        }
        foreach (var w in Warnings) sb.Append("  warning: ").Append(w).Append('\n');
        return sb.ToString();
    }
}
