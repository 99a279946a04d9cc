using RetentionKit.Cohorts;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.EarlyWarning;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Returns;
using RetentionKit.Revenue;
using RetentionKit.Segments;

namespace RetentionKit.Metrics;

/// <summary>Options for the whole metric suite on one transaction table.</summary>
public sealed record SuiteOptions
{
    /// <summary>The period unit; null means the recommended period (≥ 3 purchase cycles).</summary>
    public PeriodLength? Period { get; init; }
    /// <summary>Window start (inclusive); default: the day of the first order.</summary>
    public DateTime? From { get; init; }
    /// <summary>Window end (exclusive); default: the day after the last order.</summary>
    public DateTime? To { get; init; }
    /// <summary>A monthly lapse rate above this raises the churn alert (seed 000: 7 %).</summary>
    public double ChurnAlertThreshold { get; init; } = 0.07;
    /// <summary>Purchase cycles without an order after which a customer counts as lapsed (churned) for the lapse rate.</summary>
    public int LapseCycles { get; init; } = 3;
    /// <summary>Orders that make a customer loyal.</summary>
    public int LoyalOrders { get; init; } = 3;
    /// <summary>
    /// With the recommended period (no <see cref="Period"/>): when the window holds fewer comparisons of fully observed
    /// periods than this, step down to the longest shorter calendar unit that gives this many (or, when none does, the
    /// one that gives the most), with a warning. 0 keeps the recommendation.
    /// </summary>
    public int MinimumPeriods { get; init; } = 3;
    /// <summary>D in "ordered again within D days".</summary>
    public int RepeatWithinDays { get; init; } = 90;
    /// <summary>
    /// Days after the data starts whose orders count as history only: comparisons start after them, so a customer who
    /// bought before the data began but first appears in it is not counted as new (left truncation). 0: none.
    /// </summary>
    public int BurnInDays { get; init; }
    /// <summary>Where periods start (calendar, or the window's first day when that gives more fully observed comparisons).</summary>
    public PeriodAnchor Anchor { get; init; } = PeriodAnchor.Auto;
}

/// <summary>Every transaction-based metric of the kit on one window, computed from one <see cref="OrderHistory"/>.</summary>
/// <param name="History">Orders per customer.</param>
/// <param name="Cycle">Purchase cycle and the recommended period.</param>
/// <param name="Grid">The periods used.</param>
/// <param name="Window">The fully observed days behind the window metrics (repeat, returns, RFM, at risk): the compared periods and their first base.</param>
/// <param name="Retention">Customer retention per period.</param>
/// <param name="Lapse">Monthly lapse rates (churn comparable across periods) and the churn alert.</param>
/// <param name="Revenue">Revenue retention per period.</param>
/// <param name="Repeat">Repeat and loyal customers over the window.</param>
/// <param name="Returns">Return rates over the window.</param>
/// <param name="Cohorts">Acquisition cohorts.</param>
/// <param name="Rfm">RFM segments at the window end.</param>
/// <param name="AtRisk">Early-warning list at the window end.</param>
/// <param name="Warnings">Everything the reader should know, once each.</param>
public sealed record MetricReport(
    OrderHistory History, PurchaseCycle Cycle, PeriodGrid Grid, Period Window, PeriodRetention Retention, LapseRates Lapse, RevenueRetention Revenue,
    RepeatPurchase Repeat, ReturnRates Returns, CohortMatrix Cohorts, RfmSegments Rfm, AtRiskCustomers AtRisk, IReadOnlyList<string> Warnings)
;

/// <summary>Runs the metric suite.</summary>
public static class MetricSuite
{
    /// <summary>The most periods one suite compares (the cohort matrix grows with their square).</summary>
    public const int MaxPeriods = 2_000;

    /// <summary>Computes every transaction metric; see <see cref="SuiteOptions"/> for the defaults.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static MetricReport Compute(Transactions transactions, SuiteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var o = options ?? new SuiteOptions();
        var history = OrderHistory.From(transactions);
        if (history.FirstOrder is null) throw new ArgumentException("The transactions hold no purchase orders from identified customers: nothing to measure.", nameof(transactions));
        var dataStart = history.FirstOrder.Value.Date;
        if (o.BurnInDays < 0) throw new ArgumentException($"The burn-in must be 0 days or more, not {o.BurnInDays}.", nameof(options));
        var from = o.From ?? dataStart;
        if (o.BurnInDays > 0 && from < dataStart.AddDays(o.BurnInDays)) from = dataStart.AddDays(o.BurnInDays);
        var to = o.To ?? history.LastOrder!.Value.Date.AddDays(1);
        if (to <= from) throw new ArgumentException($"The window end {to:yyyy-MM-dd} must be after its start {from:yyyy-MM-dd}.", nameof(options));
        var cycle = PurchaseCycle.Measure(history, from, to);
        // Left truncation matters within two purchase cycles of the data's start (a month when no cycle is known).
        double twoCycles = Math.Max(1, 2 * (double.IsFinite(cycle.CycleDays) ? cycle.CycleDays : 30));
        var truncation = o.BurnInDays > 0
            ? $"the first {o.BurnInDays} days of the data ({dataStart:yyyy-MM-dd} to {from:yyyy-MM-dd}) are a burn-in: their orders count as history (who is already a customer), not as measured periods."
            : from < dataStart.AddDays(twoCycles)
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"N counts customers first seen in this data, which starts {dataStart:yyyy-MM-dd}: in the first periods some of them had bought before it (left truncation), so early N is too high and early reactivations too low. A burn-in of one or two purchase cycles (BurnInDays / --burn-in {Math.Ceiling(twoCycles):0}) keeps those days as history only.")
                : null;
        // A window start given before the first order says the data covers those days (with no orders in them).
        var observedFrom = o.From is { } f && f < dataStart ? f : dataStart;
        var grid = PeriodGrid.Create(o.Period ?? cycle.RecommendedPeriod, from, to, observedFrom, o.Anchor);
        string? stepDown = null;
        if (o.Period is null && o.MinimumPeriods > 0 && grid.Periods.Count < o.MinimumPeriods)
        {
            var recommended = grid;
            var shorter = PeriodLength.Calendar.Where(u => u.NominalDays < cycle.RecommendedPeriod.NominalDays).Reverse()
                .Select(u => PeriodGrid.Create(u, from, to, observedFrom, o.Anchor)).ToList();
            var pick = shorter.FirstOrDefault(g => g.Periods.Count >= o.MinimumPeriods)
                ?? shorter.Where(g => g.Periods.Count > recommended.Periods.Count).OrderByDescending(g => g.Periods.Count).ThenByDescending(g => g.Length.NominalDays).FirstOrDefault();
            if (pick is not null)
            {
                grid = pick;
                stepDown = $"the data holds {recommended.Periods.Count} comparison{(recommended.Periods.Count == 1 ? "" : "s")} of fully observed {cycle.RecommendedPeriod.Name}s (a {cycle.RecommendedPeriod.Name} against the one before), fewer than {o.MinimumPeriods}; {pick.Length.Name}s are used instead ({pick.Periods.Count} comparison{(pick.Periods.Count == 1 ? "" : "s")}), shorter than three purchase cycles: read their rates with care.";
            }
        }
        // The cohort matrix is periods × periods: a window of centuries in weeks would not fit in memory.
        if (grid.Periods.Count > MaxPeriods)
            throw new ArgumentException($"the window {grid.Window} holds {grid.Periods.Count:N0} {grid.Length.Name}s, more than the {MaxPeriods:N0} the kit compares; choose a longer period (--period) or a shorter window (--from, --to).", nameof(options));
        var activity = PeriodActivity.Build(history, grid);
        var tally = new PeriodTally(activity);
        var retention = PeriodRetention.From(activity, tally, new RetentionOptions { Cycle = cycle });
        var lapse = LapseRates.Compute(history, cycle, observedFrom, to, o.LapseCycles, o.ChurnAlertThreshold);
        var revenue = RevenueRetention.From(activity, tally, cycle);
        // Window metrics (repeat, returns, RFM, at risk) use every fully observed day the comparisons use, base included.
        var window = grid.Periods.Count == 0 ? new Period(from, to)
            : grid.BasePeriod.Start >= from ? new Period(grid.BasePeriod.Start, grid.Window.End) : grid.Window;
        var repeat = RepeatPurchase.Compute(history, window, o.LoyalOrders, o.RepeatWithinDays);
        var returns = ReturnRates.Compute(transactions, window);
        var cohorts = CohortMatrix.From(activity, cycle);
        var rfm = RfmSegments.Compute(history, window);
        var atRisk = AtRiskCustomers.Find(history, window.End);
        var warnings = (stepDown is null ? [] : new[] { stepDown }).Concat(truncation is null ? [] : new[] { truncation }).Concat(retention.Warnings).Concat(lapse.Warnings).Concat(cycle.Warnings).Concat(revenue.Warnings).Concat(repeat.Warnings).Concat(returns.Warnings)
            .Distinct().ToList();
        return new MetricReport(history, cycle, grid, window, retention, lapse, revenue, repeat, returns, cohorts, rfm, atRisk, warnings);
    }
}
