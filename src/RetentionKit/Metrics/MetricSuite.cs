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
    /// <summary>30-day churn above this raises the alert (seed 000: 7 %).</summary>
    public double ChurnAlertThreshold { get; init; } = 0.07;
    /// <summary>Orders that make a customer loyal.</summary>
    public int LoyalOrders { get; init; } = 3;
    /// <summary>
    /// With the recommended period (no <see cref="Period"/>): when the window holds fewer complete periods than this,
    /// step down to the longest shorter calendar unit that gives this many, with a warning. 0 keeps the recommendation.
    /// </summary>
    public int MinimumPeriods { get; init; }
    /// <summary>D in "ordered again within D days".</summary>
    public int RepeatWithinDays { get; init; } = 90;
}

/// <summary>Every transaction-based metric of the kit on one window, computed from one <see cref="OrderHistory"/>.</summary>
/// <param name="History">Orders per customer.</param>
/// <param name="Cycle">Purchase cycle and the recommended period.</param>
/// <param name="Grid">The periods used.</param>
/// <param name="Retention">Customer retention per period.</param>
/// <param name="Revenue">Revenue retention per period.</param>
/// <param name="Repeat">Repeat and loyal customers over the window.</param>
/// <param name="Returns">Return rates over the window.</param>
/// <param name="Cohorts">Acquisition cohorts.</param>
/// <param name="Rfm">RFM segments at the window end.</param>
/// <param name="AtRisk">Early-warning list at the window end.</param>
/// <param name="Warnings">Everything the reader should know, once each.</param>
public sealed record MetricReport(
    OrderHistory History, PurchaseCycle Cycle, PeriodGrid Grid, PeriodRetention Retention, RevenueRetention Revenue,
    RepeatPurchase Repeat, ReturnRates Returns, CohortMatrix Cohorts, RfmSegments Rfm, AtRiskCustomers AtRisk, IReadOnlyList<string> Warnings)
{
    /// <summary>The window actually used: complete periods only.</summary>
    public Period Window => Grid.Window;
}

/// <summary>Runs the metric suite.</summary>
public static class MetricSuite
{
    /// <summary>Computes every transaction metric; see <see cref="SuiteOptions"/> for the defaults.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static MetricReport Compute(Transactions transactions, SuiteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var o = options ?? new SuiteOptions();
        var history = OrderHistory.From(transactions);
        if (history.FirstOrder is null) throw new ArgumentException("The transactions hold no purchase orders from identified customers: nothing to measure.", nameof(transactions));
        var from = o.From ?? history.FirstOrder.Value.Date;
        var to = o.To ?? history.LastOrder!.Value.Date.AddDays(1);
        if (to <= from) throw new ArgumentException($"The window end {to:yyyy-MM-dd} must be after its start {from:yyyy-MM-dd}.", nameof(options));
        var cycle = PurchaseCycle.Measure(history, from, to);
        var grid = PeriodGrid.Create(o.Period ?? cycle.RecommendedPeriod, from, to);
        string? stepDown = null;
        if (o.Period is null && o.MinimumPeriods > 0 && grid.Periods.Count < o.MinimumPeriods)
        {
            var recommended = grid;
            foreach (var unit in PeriodLength.Calendar.Where(u => u.NominalDays < cycle.RecommendedPeriod.NominalDays).Reverse())
            {
                var g = PeriodGrid.Create(unit, from, to);
                if (g.Periods.Count < o.MinimumPeriods) continue;
                grid = g;
                stepDown = $"the data holds {recommended.Periods.Count} complete {cycle.RecommendedPeriod.Name}{(recommended.Periods.Count == 1 ? "" : "s")}, too few to compare; {unit.Name}s are used instead, shorter than three purchase cycles: read their rates with care.";
                break;
            }
        }
        var activity = PeriodActivity.Build(history, grid);
        var tally = new PeriodTally(activity);
        var retention = PeriodRetention.From(activity, tally, new RetentionOptions { ChurnAlertThreshold = o.ChurnAlertThreshold, Cycle = cycle });
        var revenue = RevenueRetention.From(activity, tally, cycle);
        var window = grid.Window;
        var repeat = RepeatPurchase.Compute(history, window, o.LoyalOrders, o.RepeatWithinDays);
        var returns = ReturnRates.Compute(transactions, window);
        var cohorts = CohortMatrix.From(activity, cycle);
        var rfm = RfmSegments.Compute(history, window);
        var atRisk = AtRiskCustomers.Find(history, window.End);
        var warnings = (stepDown is null ? [] : new[] { stepDown }).Concat(retention.Warnings).Concat(cycle.Warnings).Concat(revenue.Warnings).Concat(repeat.Warnings).Concat(returns.Warnings)
            .Distinct().ToList();
        return new MetricReport(history, cycle, grid, retention, revenue, repeat, returns, cohorts, rfm, atRisk, warnings);
    }
}
