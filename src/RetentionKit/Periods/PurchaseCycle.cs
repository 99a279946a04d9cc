using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;

namespace RetentionKit.Periods;

/// <summary>
/// How often customers buy, and the period that follows from it (spec §1, seed 003): an interval is the
/// number of days between consecutive distinct order dates of one customer; the cycle is their median.
/// </summary>
/// <param name="IntervalCount">Intervals behind the pooled median.</param>
/// <param name="PooledMedianDays">Median over all intervals of all customers (frequent buyers weigh more).</param>
/// <param name="CustomerMedianDays">Median of each repeat customer's own median interval (each customer counts once).</param>
/// <param name="CustomersWithRepeat">Customers with at least two distinct order dates.</param>
/// <param name="Customers">Customers with at least one order in the window.</param>
/// <param name="RecommendedPeriod">The shortest calendar unit at least <see cref="CyclesPerPeriod"/> cycles long.</param>
/// <param name="Reasoning">Why that period, in one sentence.</param>
/// <param name="Window">The orders considered.</param>
/// <param name="Warnings">No repeat customers, a cycle longer than a third of a year, and the like.</param>
public sealed record PurchaseCycle(
    long IntervalCount,
    double PooledMedianDays,
    double CustomerMedianDays,
    int CustomersWithRepeat,
    int Customers,
    PeriodLength RecommendedPeriod,
    string Reasoning,
    Period Window,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Seed 003: a period should span at least three purchase cycles.</summary>
    public const double CyclesPerPeriod = 3;

    /// <summary>Every interval in days (for the histogram), in customer then time order.</summary>
    public IReadOnlyList<int> IntervalsDays { get; init; } = [];

    /// <summary>Each repeat customer's own median interval in days: what the cycle is the median of.</summary>
    public IReadOnlyList<double> CustomerMediansDays { get; init; } = [];

    /// <summary>The cycle used for the recommendation and the warnings: the median of customer medians (each customer counts once).</summary>
    public double CycleDays => CustomerMedianDays;

    /// <summary>How many cycles a period of <paramref name="length"/> spans (NaN without a cycle).</summary>
    public double CyclesIn(PeriodLength length) => CycleDays > 0 ? length.NominalDays / CycleDays : double.NaN;

    /// <summary>The warning for a period shorter than three cycles, or null when it is long enough (or no cycle is known).</summary>
    public string? ShortPeriodWarning(PeriodLength length)
    {
        double cycles = CyclesIn(length);
        if (double.IsNaN(cycles) || cycles >= CyclesPerPeriod) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"a {length.Name} ({length.NominalDays:0.#} days) spans {cycles:0.##} purchase cycles of {CycleDays:0.#} days; at least {CyclesPerPeriod:0} are needed ({CyclesPerPeriod * CycleDays:0.#} days), so one unusual week can dominate the rate. Use a {RecommendedPeriod.Name} or longer.");
    }

    /// <summary>The shortest calendar unit that spans <see cref="CyclesPerPeriod"/> cycles of <paramref name="cycleDays"/> (a year at most).</summary>
    public static PeriodLength PeriodFor(double cycleDays) =>
        PeriodLength.Calendar.FirstOrDefault(p => p.NominalDays >= CyclesPerPeriod * cycleDays) ?? PeriodLength.Year;

    /// <summary>Measures the cycle over orders in [<paramref name="from"/>, <paramref name="to"/>) (all orders when null).</summary>
    public static PurchaseCycle Measure(OrderHistory history, DateTime? from = null, DateTime? to = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var intervals = new List<int>();
        var customerMedians = new List<double>();
        var own = new List<int>();
        int customers = 0;
        for (int c = 0; c < history.CustomerCount; c++)
        {
            own.Clear();
            int prev = int.MinValue;
            bool any = false;
            for (int i = history.OrderStart[c]; i < history.OrderStart[c + 1]; i++)
            {
                long tk = history.OrderTicks[i];
                if ((from is not null && tk < from.Value.Ticks) || (to is not null && tk >= to.Value.Ticks)) continue;
                any = true;
                int day = history.OrderDay[i];
                if (prev != int.MinValue && day != prev) own.Add(day - prev);
                prev = day;
            }
            if (any) customers++;
            if (own.Count == 0) continue;
            intervals.AddRange(own);
            customerMedians.Add(Stats.MedianInPlace(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(own)));
        }
        var pooled = Stats.MedianInPlace(intervals.ToArray());
        var perCustomer = Stats.Median(customerMedians);
        var warnings = new List<string>();
        PeriodLength recommended;
        string reasoning;
        if (double.IsNaN(perCustomer))
        {
            recommended = PeriodLength.Month;
            reasoning = "no customer ordered on two different days, so there is no purchase cycle; a month is used by default.";
            warnings.Add("no repeat customers: the purchase cycle is undefined and period-based rates cannot be checked against it.");
        }
        else
        {
            recommended = PeriodFor(perCustomer);
            reasoning = string.Create(CultureInfo.InvariantCulture,
                $"the typical customer reorders every {perCustomer:0.#} days (median of {customerMedians.Count:N0} customers' own medians; pooled median {pooled:0.#} days over {intervals.Count:N0} intervals), so a period must span at least {CyclesPerPeriod * perCustomer:0.#} days: the shortest calendar unit that long is a {recommended.Name} ({recommended.NominalDays:0.#} days).");
            if (recommended.NominalDays < CyclesPerPeriod * perCustomer)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"even a year spans fewer than {CyclesPerPeriod:0} purchase cycles of {perCustomer:0.#} days: period rates on this data will be noisy."));
            if (customerMedians.Count < 30)
                warnings.Add($"only {customerMedians.Count} customers have repeat orders: the purchase cycle is a rough estimate.");
            double spanDays = ((to ?? history.LastOrder?.Date.AddDays(1)) - (from ?? history.FirstOrder?.Date))?.TotalDays ?? double.NaN;
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the cycle is biased short: {(customers > customerMedians.Count ? $"the {customers - customerMedians.Count:N0} customers with one order day (whose cycle, if any, is longer than they were watched) are left out, and " : "")}no interval longer than the {spanDays:0} days observed can be seen. Read {perCustomer:0.#} days as a lower bound."));
        }
        var window = new Period(from ?? history.FirstOrder ?? DateTime.MinValue, to ?? (history.LastOrder?.AddTicks(1) ?? DateTime.MinValue));
        return new PurchaseCycle(intervals.Count, pooled, perCustomer, customerMedians.Count, customers, recommended, reasoning, window, warnings)
        {
            IntervalsDays = intervals,
            CustomerMediansDays = customerMedians,
        };
    }

    /// <summary>One row per interval length in days with its count.</summary>
    public DataFrame ToDataFrame()
    {
        var counts = IntervalsDays.GroupBy(d => d).OrderBy(g => g.Key).ToList();
        return new FrameBuilder().Add("IntervalDays", counts.Select(g => g.Key)).Add("Intervals", counts.Select(g => g.Count())).Build();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Purchase cycle: {CustomerMedianDays:0.#} days (median of {CustomersWithRepeat:N0} customers' medians), pooled median {PooledMedianDays:0.#} days over {IntervalCount:N0} intervals; recommended period: {RecommendedPeriod.Name}.");
}
