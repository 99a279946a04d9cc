using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;

namespace RetentionKit.EarlyWarning;

/// <summary>A flagged customer and why (seed 001: customers drift away through delayed orders and shrinking volumes).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Orders">Orders before the as-of date.</param>
/// <param name="DaysSinceLastOrder">Current gap.</param>
/// <param name="TypicalIntervalDays">Median of the customer's own intervals.</param>
/// <param name="Overdue">Gap / typical interval.</param>
/// <param name="VolumeChange">Mean value of the last 3 orders against the 3 before, −0.4 = 40 % less (NaN with fewer than 6 orders).</param>
/// <param name="Reasons">Each flag in words.</param>
/// <param name="ProbabilityAlive">P(alive) from a BG/NBD fit when one was given; NaN otherwise.</param>
public sealed record AtRiskCustomer(string CustomerId, int Orders, int DaysSinceLastOrder, double TypicalIntervalDays, double Overdue,
    double VolumeChange, IReadOnlyList<string> Reasons, double ProbabilityAlive);

/// <summary>Options for the early-warning list.</summary>
public sealed record AtRiskOptions
{
    /// <summary>Flag when the current gap exceeds this many of the customer's own typical intervals.</summary>
    public double OverdueFactor { get; init; } = 2;
    /// <summary>Customers need this many distinct order days for a typical interval (2 intervals by default).</summary>
    public int MinimumOrders { get; init; } = 3;
    /// <summary>Flag when the last 3 orders average at least this much less than the 3 before.</summary>
    public double VolumeDrop { get; init; } = 0.3;
    /// <summary>P(alive) per customer id from a BG/NBD fit, shown beside each flag.</summary>
    public IReadOnlyDictionary<string, double>? ProbabilityAlive { get; init; }
}

/// <summary>
/// The at-risk list (spec §9): customers whose current gap is long against their own rhythm, or whose order values
/// are shrinking, ranked by how overdue they are. Only orders before the as-of date count.
/// </summary>
public sealed record AtRiskCustomers(DateTime AsOf, long CustomersChecked, IReadOnlyList<AtRiskCustomer> Customers, AtRiskOptions Options)
{
    /// <summary>Finds at-risk customers as of <paramref name="asOf"/> (exclusive: orders at or after it are not seen).</summary>
    public static AtRiskCustomers Find(OrderHistory history, DateTime asOf, AtRiskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var o = options ?? new AtRiskOptions();
        int asOfDay = (int)(asOf.Ticks / TimeSpan.TicksPerDay);
        var flagged = new List<AtRiskCustomer>();
        long checkedCount = 0;
        var days = new List<int>();
        var values = new List<double>();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            days.Clear(); values.Clear();
            for (int i = history.OrderStart[c]; i < history.OrderStart[c + 1] && history.OrderTicks[i] < asOf.Ticks; i++)
            {
                values.Add(history.OrderValue[i]);
                if (days.Count == 0 || days[^1] != history.OrderDay[i]) days.Add(history.OrderDay[i]);
            }
            if (days.Count < o.MinimumOrders) continue;
            checkedCount++;
            var intervals = new int[days.Count - 1];
            for (int j = 1; j < days.Count; j++) intervals[j - 1] = days[j] - days[j - 1];
            double typical = Stats.MedianInPlace(intervals);
            int gap = asOfDay - days[^1];
            double overdue = typical > 0 ? gap / typical : double.NaN;
            double change = double.NaN;
            if (values.Count >= 6)
            {
                double last = (values[^1] + values[^2] + values[^3]) / 3, before = (values[^4] + values[^5] + values[^6]) / 3;
                if (before > 0) change = last / before - 1;
            }
            var reasons = new List<string>();
            if (overdue > o.OverdueFactor)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"last order {gap} days ago, {overdue:0.0}× their usual {typical:0.#} days between orders"));
            if (change <= -o.VolumeDrop)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"last 3 orders averaged {-change:0%} less than the 3 before"));
            if (reasons.Count == 0) continue;
            double pAlive = o.ProbabilityAlive is not null && o.ProbabilityAlive.TryGetValue(history.CustomerIds[c], out var p) ? p : double.NaN;
            flagged.Add(new AtRiskCustomer(history.CustomerIds[c], values.Count, gap, typical, overdue, change, reasons, pAlive));
        }
        var ranked = flagged.OrderByDescending(f => double.IsNaN(f.Overdue) ? 0 : f.Overdue).ThenBy(f => f.CustomerId, StringComparer.Ordinal).ToList();
        return new AtRiskCustomers(asOf, checkedCount, ranked, o);
    }

    /// <summary>The flagged customers, most overdue first.</summary>
    public DataFrame ToDataFrame(int? top = null)
    {
        var rows = Customers.Take(top ?? Customers.Count).ToList();
        return new FrameBuilder().Add("CustomerId", rows.Select(r => r.CustomerId)).Add("Orders", rows.Select(r => r.Orders))
            .Add("DaysSinceLastOrder", rows.Select(r => r.DaysSinceLastOrder)).Add("TypicalIntervalDays", rows.Select(r => r.TypicalIntervalDays))
            .Add("Overdue", rows.Select(r => r.Overdue)).Add("VolumeChange", rows.Select(r => r.VolumeChange))
            .Add("PAlive", rows.Select(r => r.ProbabilityAlive)).Add("Reasons", rows.Select(r => string.Join("; ", r.Reasons))).Build();
    }
}
