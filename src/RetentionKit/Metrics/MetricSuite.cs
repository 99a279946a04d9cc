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
{
    /// <summary>Sales and returns per product and day, behind <see cref="Returns"/> and the per-period return rates.</summary>
    public ProductSales? Products { get; init; }
}

/// <summary>Runs the metric suite.</summary>
public static class MetricSuite
{
    /// <summary>The most periods one suite compares (the cohort matrix grows with their square).</summary>
    public const int MaxPeriods = 2_000;

    /// <summary>Computes every transaction metric; see <see cref="SuiteOptions"/> for the defaults.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static MetricReport Compute(Transactions transactions, SuiteOptions? options = null)
    {
        var a = Analysis.Prepare(transactions, options);
        return Compute(a);
    }

    /// <summary>Computes every transaction metric on a reduction made in memory or by an SQL engine.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static MetricReport Compute(Reductions.ReducedTransactions reduced, SuiteOptions? options = null) => Compute(Analysis.Prepare(reduced, options));

    /// <summary>Computes every transaction metric on a prepared analysis (its window, cycle and periods).</summary>
    public static MetricReport Compute(Analysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var (o, history, cycle, grid, window) = (analysis.Options, analysis.History, analysis.Cycle, analysis.Grid, analysis.Window);
        // The metrics of activity per period and those of each customer's orders read the same history and share nothing
        // else, so they run side by side: at ten million lines the per-period half (0.15-0.2 s) is hidden beside the
        // per-customer half (0.8-0.9 s, mostly RFM and at-risk).
        var perPeriod = Task.Run(() =>
        {
            var activity = PeriodActivity.Build(history, grid);
            var tally = new PeriodTally(activity);
            return (Retention: PeriodRetention.From(activity, tally, new RetentionOptions { Cycle = cycle }),
                Revenue: RevenueRetention.From(activity, tally, cycle), Cohorts: CohortMatrix.From(activity, cycle));
        });
        var lapse = LapseRates.Compute(history, cycle, analysis.ObservedFrom, analysis.To, o.LapseCycles, o.ChurnAlertThreshold);
        var repeat = RepeatPurchase.Compute(history, window, o.LoyalOrders, o.RepeatWithinDays);
        var returns = ReturnRates.Compute(analysis.Products, window);
        var rfm = RfmSegments.Compute(history, window);
        var atRisk = AtRiskCustomers.Find(history, window.End);
        // GetResult, not Result: a refused input surfaces as its own exception, not wrapped in an AggregateException.
        var (retention, revenue, cohorts) = perPeriod.GetAwaiter().GetResult();
        var warnings = analysis.Warnings.Where(w => !cycle.Warnings.Contains(w)).Concat(retention.Warnings).Concat(lapse.Warnings).Concat(cycle.Warnings).Concat(revenue.Warnings).Concat(repeat.Warnings).Concat(returns.Warnings)
            .Distinct().ToList();
        return new MetricReport(history, cycle, grid, window, retention, lapse, revenue, repeat, returns, cohorts, rfm, atRisk, warnings) { Products = analysis.Products };
    }
}
