using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Reductions;
using RetentionKit.Returns;

namespace RetentionKit.Metrics;

/// <summary>
/// What every analysis of one transaction table starts from: the orders, the window, the purchase cycle and the
/// periods it recommends (stepped down when the data holds too few comparisons), with everything the reader should
/// know about those choices. The notebooks' parameters cell makes one; <see cref="MetricSuite"/> computes on one.
/// </summary>
/// <param name="Transactions">The lines, when they are held in memory (null when an SQL engine reduced them).</param>
/// <param name="LoadReport">The load report, when the lines came from a file.</param>
/// <param name="History">Purchase orders per customer.</param>
/// <param name="Products">Sales and returns per product and day (return rates start from it).</param>
/// <param name="Cycle">The purchase cycle measured in the window, and the period it recommends.</param>
/// <param name="Grid">The periods compared (each with a fully observed base).</param>
/// <param name="From">Window start (inclusive).</param>
/// <param name="To">Window end (exclusive).</param>
/// <param name="ObservedFrom">The first day the data covers.</param>
/// <param name="Window">The fully observed days the window metrics use: the compared periods and their first base.</param>
/// <param name="AlertThreshold">The monthly churn alert threshold (seed 000: 7 %).</param>
/// <param name="Options">The choices it was made with.</param>
/// <param name="Warnings">The period step-down, left truncation, the cycle's own caveats.</param>
public sealed record Analysis(
    Transactions? Transactions, LoadReport? LoadReport, OrderHistory History, ProductSales Products, PurchaseCycle Cycle, PeriodGrid Grid,
    DateTime From, DateTime To, DateTime ObservedFrom, Period Window, double AlertThreshold, SuiteOptions Options, IReadOnlyList<string> Warnings)
{
    /// <summary>The period unit in use.</summary>
    public PeriodLength Period => Grid.Length;

    /// <summary>Loads a file and prepares the analysis (see <see cref="Prepare(Transactions, SuiteOptions?)"/>).</summary>
    /// <exception cref="TransactionLoadException">The file cannot be read as transactions.</exception>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static Analysis Load(string file, LoadOptions? reading = null, SuiteOptions? choices = null)
    {
        var loaded = TransactionLoader.Load(file, reading);
        return Prepare(loaded.Transactions, choices) with { LoadReport = loaded.Report };
    }

    /// <summary>The window (default: the first order's day to the day after the last), the cycle and the periods.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static Analysis Prepare(Transactions transactions, SuiteOptions? choices = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var (history, products) = ReducedTransactions.Reduce(transactions);
        return Prepare(transactions, history, products, choices);
    }

    /// <summary>The same on a reduction made in memory or by an SQL engine; its load report comes along.</summary>
    /// <exception cref="ArgumentException">The window is empty or the data has no orders.</exception>
    public static Analysis Prepare(ReducedTransactions reduced, SuiteOptions? choices = null)
    {
        ArgumentNullException.ThrowIfNull(reduced);
        return Prepare(reduced.Lines, reduced.History, reduced.Products, choices) with { LoadReport = reduced.Report };
    }

    private static Analysis Prepare(Transactions? transactions, OrderHistory history, ProductSales products, SuiteOptions? choices)
    {
        var o = choices ?? new SuiteOptions();
        if (history.FirstOrder is null) throw new ArgumentException("The transactions hold no purchase orders from identified customers: nothing to measure.", nameof(transactions));
        var dataStart = history.FirstOrder.Value.Date;
        if (o.BurnInDays < 0) throw new ArgumentException($"The burn-in must be 0 days or more, not {o.BurnInDays}.", nameof(choices));
        var from = o.From ?? dataStart;
        if (o.BurnInDays > 0 && from < dataStart.AddDays(o.BurnInDays)) from = dataStart.AddDays(o.BurnInDays);
        var to = o.To ?? history.LastOrder!.Value.Date.AddDays(1);
        if (to <= from) throw new ArgumentException($"The window end {to:yyyy-MM-dd} must be after its start {from:yyyy-MM-dd}.", nameof(choices));
        var cycle = PurchaseCycle.Measure(history, from, to);
        // Left truncation matters within two purchase cycles of the data's start (a month when no cycle is known).
        double twoCycles = Math.Max(1, 2 * (double.IsFinite(cycle.CycleDays) ? cycle.CycleDays : 30));
        var truncation = o.BurnInDays > 0
            ? $"the first {o.BurnInDays} days of the data ({dataStart:yyyy-MM-dd} to {from:yyyy-MM-dd}) are a burn-in: their orders count as history (who is already a customer), not as measured periods."
            : from < dataStart.AddDays(twoCycles)
                ? string.Create(CultureInfo.InvariantCulture,
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
        if (grid.Periods.Count > MetricSuite.MaxPeriods)
            throw new ArgumentException($"the window {grid.Window} holds {grid.Periods.Count:N0} {grid.Length.Name}s, more than the {MetricSuite.MaxPeriods:N0} the kit compares; choose a longer period (--period) or a shorter window (--from, --to).", nameof(choices));
        // Window metrics (repeat, returns, RFM, at risk) use every fully observed day the comparisons use, base included.
        var window = grid.Periods.Count == 0 ? new Period(from, to)
            : grid.BasePeriod.Start >= from ? new Period(grid.BasePeriod.Start, grid.Window.End) : grid.Window;
        var warnings = new[] { stepDown, truncation }.OfType<string>().Concat(cycle.Warnings).Distinct().ToList();
        return new Analysis(transactions, null, history, products, cycle, grid, from, to, observedFrom, window, o.ChurnAlertThreshold, o, warnings);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        if (LoadReport is not null)
            sb.Append(CultureInfo.InvariantCulture, $"{LoadReport.Source}: {LoadReport.RowsRead:N0} lines read, {LoadReport.RowsAccepted:N0} accepted, {LoadReport.RowsRejected:N0} rejected\n");
        sb.Append(CultureInfo.InvariantCulture, $"{History.CustomerCount:N0} customers with {History.OrderCount:N0} orders the metrics count (purchase orders less those cancelled in full); window {From:yyyy-MM-dd} to {To:yyyy-MM-dd} (end exclusive)\n");
        string why = Options.Period is not null ? "chosen"
            : Period.Equals(Cycle.RecommendedPeriod) ? "recommended from the cycle"
            : $"stepped down from the recommended {Cycle.RecommendedPeriod.Name}, see the warnings";
        sb.Append(CultureInfo.InvariantCulture, $"purchase cycle {Cycle.CycleDays:0.#} days; period: {Period.Name} ({why}), {Grid.Periods.Count} comparison{(Grid.Periods.Count == 1 ? "" : "s")} with a fully observed base\n");
        sb.Append(CultureInfo.InvariantCulture, $"window metrics use {Window}; churn alert above {AlertThreshold:0.#%} a month");
        return sb.ToString();
    }
}
