using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Repeat;

/// <summary>One group's behaviour in a window: how often they buy, how much per order, whether they stay.</summary>
/// <param name="Group">"members", "non-members", "members before joining", "members after joining".</param>
/// <param name="Customers">Customers in the group.</param>
/// <param name="Orders">Their orders in the exposure time (after the first order, which starts a customer's exposure).</param>
/// <param name="ExposureDays">Customer-days observed (Σ over customers).</param>
/// <param name="OrdersPer30Days">Visit frequency: orders / exposure days × 30.</param>
/// <param name="SpendPerOrder">Net order value / orders.</param>
/// <param name="Retention">Of the group's customers who ordered in the first half, the share who ordered in the second half (NaN for before/after rows).</param>
/// <param name="MedianDaysBetweenOrders">Median of the completed intervals between consecutive orders in the exposure: unlike the rate, it does not mix in customers who stopped buying.</param>
/// <param name="Intervals">How many intervals the median rests on.</param>
public sealed record LoyaltyGroup(string Group, long Customers, long Orders, double ExposureDays, Rate OrdersPer30Days, Rate SpendPerOrder, Rate Retention,
    double MedianDaysBetweenOrders, long Intervals);

/// <summary>
/// Loyalty programme evaluation (spec §5, seed 004): members against non-members over the window, and members
/// before against after joining. The comparison is descriptive: members self-select, so a difference is not the
/// programme's effect by itself; the before/after rows control for who the customer is.
/// </summary>
public sealed record LoyaltyProgramme(Period Window, IReadOnlyList<LoyaltyGroup> Groups, long MembersWithoutOrders, IReadOnlyList<string> Warnings)
{
    /// <summary>Compares members (a membership that began before the window end) with everyone else who ordered in the window.</summary>
    public static LoyaltyProgramme Evaluate(OrderHistory history, IReadOnlyList<LoyaltyMembership> memberships, Period window)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(memberships);
        var join = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var m in memberships)
            if (m.JoinDate < window.End && (!join.TryGetValue(m.CustomerId, out var j) || m.JoinDate < j)) join[m.CustomerId] = m.JoinDate;
        var index = new Dictionary<string, int>(history.CustomerCount, StringComparer.Ordinal);
        for (int c = 0; c < history.CustomerCount; c++) index[history.CustomerIds[c]] = c;
        long membersWithoutOrders = join.Keys.Count(id => !index.TryGetValue(id, out int c) || history.OrdersOf(c) == 0);

        var mid = window.Start + (window.End - window.Start) / 2;
        var acc = new Accumulator[4];
        for (int g = 0; g < 4; g++) acc[g] = new Accumulator();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            bool isMember = join.TryGetValue(history.CustomerIds[c], out var joined);
            var orders = Enumerable.Range(history.OrderStart[c], history.OrdersOf(c))
                .Select(i => (Time: new DateTime(history.OrderTicks[i]), Value: history.OrderValue[i]))
                .Where(o => window.Contains(o.Time)).ToList();
            if (orders.Count == 0) continue;
            // Exposure starts at the customer's first order in the window: before it they were not yet a customer.
            // Exposures are (start, end]: the order that starts one is certain and not counted, the one that ends it is.
            // Counting the first order would inflate short exposures; members often join at an order, which then
            // closes "before" (it ends the interval that was running) and is not counted again "after".
            var start = orders[0].Time;
            var whole = acc[isMember ? 0 : 1];
            whole.Add(orders.Skip(1).ToList(), start, window.End);
            whole.AddIntervals(orders);
            whole.AddRetention(orders.Any(o => o.Time < mid), orders.Any(o => o.Time >= mid));
            if (isMember && joined > start && joined < window.End)
            {
                acc[2].Add(orders.Skip(1).Where(o => o.Time <= joined).ToList(), start, joined);
                acc[3].Add(orders.Where(o => o.Time > joined).ToList(), joined, window.End);
                acc[2].AddIntervals(orders.Where(o => o.Time <= joined).ToList());
                acc[3].AddIntervals(orders.Where(o => o.Time >= joined).ToList());
            }
        }
        string[] names = ["members", "non-members", "members before joining", "members after joining"];
        var groups = names.Select((n, g) => acc[g].Result(n, g < 2)).ToList();
        var warnings = new List<string>();
        if (acc[0].Customers == 0) warnings.Add("no member ordered in the window.");
        if (acc[2].Customers < 30) warnings.Add($"only {acc[2].Customers} members joined after their first order in the window: the before/after comparison is thin.");
        warnings.Add("the group figures (members, non-members, before and after joining) describe the groups; none of them measures the programme: members choose to join (member/non-member differences mix the effect with who joins), the time before joining ends with an order by definition, and pooled medians weigh frequent buyers more. The effect is estimated apart (FrequencyEffect), within each customer and against non-members at the same stage.");
        var effect = LoyaltyEffect.Estimate(history, join, window);
        return new LoyaltyProgramme(window, groups, membersWithoutOrders, warnings) { FrequencyEffect = effect };
    }

    private sealed class Accumulator
    {
        public long Customers, Orders, FirstHalf, BothHalves;
        public double Days, Value;
        private readonly List<double> _intervals = new();

        public void AddIntervals(List<(DateTime Time, double Value)> orders)
        {
            for (int i = 1; i < orders.Count; i++) _intervals.Add((orders[i].Time - orders[i - 1].Time).TotalDays);
        }

        public void Add(List<(DateTime Time, double Value)> orders, DateTime from, DateTime to)
        {
            Customers++;
            Orders += orders.Count;
            Value += orders.Sum(o => o.Value);
            Days += Math.Max(0, (to - from).TotalDays);
        }

        public void AddRetention(bool first, bool second) { if (first) { FirstHalf++; if (second) BothHalves++; } }

        public LoyaltyGroup Result(string name, bool withRetention) => new(name, Customers, Orders, Days,
            Rate.Of(Orders * 30.0, Days, "no observed time"), Rate.Of(Value, Orders, "no orders"),
            withRetention ? Rate.Of(BothHalves, FirstHalf, "nobody ordered in the first half") : new Rate(double.NaN, double.NaN, "not computed for before/after rows"),
            Stats.Median(_intervals), _intervals.Count);
    }

    /// <summary>One row per group.</summary>
    /// <summary>The programme's effect on purchase frequency, estimated to recover a known effect (see <see cref="LoyaltyEffect"/>).</summary>
    public LoyaltyEffect? FrequencyEffect { get; init; }

    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Group", Groups.Select(g => g.Group)).Add("Customers", Groups.Select(g => g.Customers)).Add("Orders", Groups.Select(g => g.Orders))
        .Add("OrdersPer30Days", Groups.Select(g => g.OrdersPer30Days)).Add("SpendPerOrder", Groups.Select(g => g.SpendPerOrder))
        .Add("Retention", Groups.Select(g => g.Retention)).Add("MedianDaysBetweenOrders", Groups.Select(g => g.MedianDaysBetweenOrders)).Build();

    public override string ToString() => string.Join("\n", Groups.Select(g => string.Create(CultureInfo.InvariantCulture,
        $"{g.Group}: {g.Customers:N0} customers, {g.OrdersPer30Days.Value:0.00} orders per 30 days, median {g.MedianDaysBetweenOrders:0.#} days between orders, {g.SpendPerOrder.Value:0.00} per order, ordered again in the window's second half {g.Retention}"))
        .Append("effect: " + (FrequencyEffect?.ToString() ?? "not estimated")));
}
