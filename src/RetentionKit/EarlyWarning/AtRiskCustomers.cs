using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.EarlyWarning;

/// <summary>What to do about a flagged customer (seed 001: act before they walk out of the door).</summary>
public enum WarningAction
{
    /// <summary>Overdue against their own rhythm: a personal check-in (a short survey or e-mail) before they leave.</summary>
    CheckIn,
    /// <summary>A newer customer overdue against the typical customer's cycle: a reminder or a reason to order again.</summary>
    Remind,
    /// <summary>Still ordering, but for less: review what changed (range, price, service contact).</summary>
    ReviewValue,
    /// <summary>The model's chance that they are still a customer has just fallen below one half: contact them now.</summary>
    Contact,
}

/// <summary>A flagged customer, why, and what to do (seed 001: customers drift away through delayed orders and shrinking volumes).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Orders">Orders before the as-of date.</param>
/// <param name="DaysSinceLastOrder">Current gap.</param>
/// <param name="TypicalIntervalDays">The rhythm the gap is held against (see <see cref="Rule"/>).</param>
/// <param name="Overdue">Gap / rhythm.</param>
/// <param name="VolumeChange">Mean value of the last 3 orders against the 3 before, −0.4 = 40 % less (NaN with fewer than 6 orders).</param>
/// <param name="Reasons">Each flag in words.</param>
/// <param name="ProbabilityAlive">P(alive) now from a BG/NBD fit when one was given; NaN otherwise.</param>
public sealed record AtRiskCustomer(string CustomerId, int Orders, int DaysSinceLastOrder, double TypicalIntervalDays, double Overdue,
    double VolumeChange, IReadOnlyList<string> Reasons, double ProbabilityAlive)
{
    /// <summary>Which rhythm applied: "own rhythm" (3+ order days), "typical customer's cycle" (fewer), or "P(alive)".</summary>
    public string Rule { get; init; } = "";

    /// <summary>The suggested action class.</summary>
    public WarningAction Action { get; init; }

    /// <summary>Net spend before the as-of date: who to contact first.</summary>
    public double Spend { get; init; }
}

/// <summary>Options for the early-warning list.</summary>
public sealed record AtRiskOptions
{
    /// <summary>Flag when the current gap exceeds this many rhythms (own, or the typical customer's)…</summary>
    public double OverdueFactor { get; init; } = 1.5;
    /// <summary>…but not this many: beyond it the customer has lapsed (the lapse rate's rule) and is a win-back case, not a warning.</summary>
    public double LapseFactor { get; init; } = 3;
    /// <summary>Order days a customer needs for a rhythm of their own; with fewer the typical customer's cycle applies.</summary>
    public int MinimumOrders { get; init; } = 3;
    /// <summary>
    /// How many of the typical customer's intervals are mixed into a customer's own median, so that two short
    /// intervals do not make a customer look 100× overdue: rhythm = (n·own + k·typical) / (n + k).
    /// </summary>
    public double PriorIntervals { get; init; } = 2;
    /// <summary>Flag when the last 3 orders average at least this much less than the 3 before.</summary>
    public double VolumeDrop { get; init; } = 0.3;
    /// <summary>The typical customer's cycle in days; measured from the orders before the as-of date when null.</summary>
    public double? PopulationCycleDays { get; init; }
    /// <summary>A BG/NBD fit (on the same customers, in <see cref="FitUnitDays"/>-day units) for P(alive) and its flag.</summary>
    public BgNbdFit? Fit { get; init; }
    /// <summary>Days in the fit's time unit (7 for weeks).</summary>
    public double FitUnitDays { get; init; } = 7;
    /// <summary>P(alive) below this, having been above it one rhythm ago, is a flag.</summary>
    public double ProbabilityAliveThreshold { get; init; } = 0.5;
}

/// <summary>
/// The early warning (spec §9): customers who are overdue against their rhythm but have not yet lapsed, whose order
/// values are shrinking, or whose P(alive) has just fallen below one half; each with its reasons, the rule that applied
/// and a suggested action. Customers with fewer than three order days are held against the typical customer's cycle,
/// so every customer can be flagged. Customers already lapsed (gap beyond <see cref="AtRiskOptions.LapseFactor"/>
/// rhythms) are counted apart: they need winning back, not a warning. Only orders before the as-of date count.
/// </summary>
/// <param name="AsOf">The as-of date (exclusive).</param>
/// <param name="CustomersChecked">Customers with an order before the as-of date: every one of them was checked.</param>
/// <param name="Customers">The flagged customers, highest spend first.</param>
/// <param name="Options">The rules' settings.</param>
public sealed record AtRiskCustomers(DateTime AsOf, long CustomersChecked, IReadOnlyList<AtRiskCustomer> Customers, AtRiskOptions Options)
{
    /// <summary>Customers checked against their own rhythm (3+ order days).</summary>
    public long CheckedOnOwnRhythm { get; init; }
    /// <summary>Customers checked against the typical customer's cycle (fewer order days).</summary>
    public long CheckedOnPopulationCycle { get; init; }
    /// <summary>Customers already lapsed: not warned, to be won back.</summary>
    public long Lapsed { get; init; }
    /// <summary>The typical customer's cycle used, in days.</summary>
    public double PopulationCycleDays { get; init; }

    /// <summary>Finds at-risk customers as of <paramref name="asOf"/> (exclusive: orders at or after it are not seen).</summary>
    public static AtRiskCustomers Find(OrderHistory history, DateTime asOf, AtRiskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var o = options ?? new AtRiskOptions();
        double population = o.PopulationCycleDays ?? PurchaseCycle.Measure(history, null, asOf).CycleDays;
        if (!double.IsFinite(population) || population <= 0) population = double.NaN;
        int asOfDay = (int)(asOf.Ticks / TimeSpan.TicksPerDay);
        var flagged = new List<AtRiskCustomer>();
        long checkedCount = 0, own = 0, pooled = 0, lapsed = 0;
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
            if (days.Count == 0) continue;
            checkedCount++;
            int gap = asOfDay - days[^1];
            bool ownRhythm = days.Count >= o.MinimumOrders;
            double rhythm;
            if (ownRhythm)
            {
                own++;
                var intervals = new int[days.Count - 1];
                for (int j = 1; j < days.Count; j++) intervals[j - 1] = days[j] - days[j - 1];
                double median = Stats.MedianInPlace(intervals);
                rhythm = double.IsNaN(population) ? median : (intervals.Length * median + o.PriorIntervals * population) / (intervals.Length + o.PriorIntervals);
            }
            else { pooled++; rhythm = population; }
            double overdue = rhythm > 0 ? gap / rhythm : double.NaN;
            if (overdue > o.LapseFactor) { lapsed++; continue; }
            double change = double.NaN;
            if (values.Count >= 6)
            {
                double last = (values[^1] + values[^2] + values[^3]) / 3, before = (values[^4] + values[^5] + values[^6]) / 3;
                if (before > 0) change = last / before - 1;
            }
            var reasons = new List<string>();
            string rule = "";
            WarningAction action = WarningAction.CheckIn;
            if (overdue > o.OverdueFactor)
            {
                rule = ownRhythm ? "own rhythm" : "typical customer's cycle";
                action = ownRhythm ? WarningAction.CheckIn : WarningAction.Remind;
                reasons.Add(ownRhythm
                    ? string.Create(CultureInfo.InvariantCulture, $"last order {gap} days ago, {overdue:0.0}× their usual {rhythm:0.#} days between orders (lapsed after {o.LapseFactor:0.#}×)")
                    : string.Create(CultureInfo.InvariantCulture, $"last order {gap} days ago, {overdue:0.0}× the typical customer's {rhythm:0.#} days ({days.Count} order day{(days.Count == 1 ? "" : "s")}, too few for a rhythm of their own)"));
            }
            if (change <= -o.VolumeDrop)
            {
                if (reasons.Count == 0) { rule = "order values"; action = WarningAction.ReviewValue; }
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"last 3 orders averaged {-change:0%} less than the 3 before"));
            }
            double pAlive = double.NaN;
            if (o.Fit is { } fit)
            {
                double u = o.FitUnitDays, first = days[0];
                double P(int at) => fit.ProbabilityAlive(days.Count(d => d < at) - 1, (days.Last(d => d < at) - first) / u, (at - first) / u);
                pAlive = P(asOfDay);
                int earlier = asOfDay - (int)Math.Round(double.IsFinite(rhythm) ? rhythm : 30);
                if (pAlive < o.ProbabilityAliveThreshold && earlier > days[0] && P(earlier) >= o.ProbabilityAliveThreshold)
                {
                    if (reasons.Count == 0) { rule = "P(alive)"; action = WarningAction.Contact; }
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"P(alive) fell from {P(earlier):0.00} to {pAlive:0.00} over the last {asOfDay - earlier} days"));
                }
            }
            if (reasons.Count == 0) continue;
            flagged.Add(new AtRiskCustomer(history.CustomerIds[c], values.Count, gap, rhythm, overdue, change, reasons, pAlive) { Rule = rule, Action = action, Spend = values.Sum() });
        }
        // Most valuable first: every customer on the list is overdue, and a call is worth most where most is at stake.
        var ranked = flagged.OrderByDescending(f => f.Spend).ThenBy(f => f.CustomerId, StringComparer.Ordinal).ToList();
        return new AtRiskCustomers(asOf, checkedCount, ranked, o)
        {
            CheckedOnOwnRhythm = own, CheckedOnPopulationCycle = pooled, Lapsed = lapsed, PopulationCycleDays = population,
        };
    }

    /// <summary>The flagged customers, highest spend first.</summary>
    public DataFrame ToDataFrame(int? top = null)
    {
        var rows = Customers.Take(top ?? Customers.Count).ToList();
        return new FrameBuilder().Add("CustomerId", rows.Select(r => r.CustomerId)).Add("Orders", rows.Select(r => r.Orders))
            .Add("Spend", rows.Select(r => r.Spend)).Add("DaysSinceLastOrder", rows.Select(r => r.DaysSinceLastOrder)).Add("RhythmDays", rows.Select(r => r.TypicalIntervalDays))
            .Add("Overdue", rows.Select(r => r.Overdue)).Add("VolumeChange", rows.Select(r => r.VolumeChange))
            .Add("PAlive", rows.Select(r => r.ProbabilityAlive)).Add("Rule", rows.Select(r => r.Rule)).Add("Action", rows.Select(r => r.Action.ToString()))
            .Add("Reasons", rows.Select(r => string.Join("; ", r.Reasons))).Build();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Early warning at {AsOf:yyyy-MM-dd}: {Customers.Count:N0} flagged of {CustomersChecked:N0} customers checked ({CheckedOnOwnRhythm:N0} on their own rhythm, {CheckedOnPopulationCycle:N0} on the typical {PopulationCycleDays:0.#}-day cycle); {Lapsed:N0} already lapsed (beyond {Options.LapseFactor:0.#} rhythms) are left to win-back.");
}
