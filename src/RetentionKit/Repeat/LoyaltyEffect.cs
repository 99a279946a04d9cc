using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Repeat;

/// <summary>
/// The loyalty programme's effect on how often members buy, estimated so that it recovers a known effect: a
/// difference in differences of each customer's own pace. For every member with an interval between orders before
/// joining and one after, the kit takes log(mean days between orders after) − log(mean before); for non-members it
/// does the same around a pseudo join at the order number at which members most often joined, so both groups are
/// compared across the same stage of their lives. The effect is the members' mean minus the non-members' mean, which
/// removes the change every customer goes through at that stage; <see cref="FrequencyRatio"/> is exp(−effect): how many
/// times as often members buy after joining than they would have without the programme.
/// </summary>
/// <param name="FrequencyRatio">Orders per unit of time after joining against without the programme (1.25 = 25 % more often).</param>
/// <param name="Lower">Lower end of the 95 % confidence interval (normal approximation on the log scale).</param>
/// <param name="Upper">Upper end of the 95 % confidence interval.</param>
/// <param name="Members">Members with an interval before and after joining.</param>
/// <param name="NonMembers">Non-members with an interval before and after the pseudo join.</param>
/// <param name="PseudoJoinOrder">The order number at which non-members are taken to "join".</param>
/// <param name="MembersMeanLogChange">Members' mean log change in days between orders.</param>
/// <param name="NonMembersMeanLogChange">Non-members' mean log change.</param>
/// <param name="Warnings">Thin groups, censoring, self-selection.</param>
public sealed record LoyaltyEffect(
    double FrequencyRatio, double Lower, double Upper, long Members, long NonMembers, int PseudoJoinOrder,
    double MembersMeanLogChange, double NonMembersMeanLogChange, IReadOnlyList<string> Warnings)
{
    /// <summary>Estimates the effect over <paramref name="window"/>.</summary>
    /// <param name="history">Orders per customer.</param>
    /// <param name="joinDates">Each member's join date, by customer id.</param>
    /// <param name="window">The observed window; intervals must start early enough to be seen to their end (see remarks).</param>
    /// <remarks>
    /// An interval that has not ended by the window's end is unseen, and long ones are unseen more often. So only
    /// intervals that start at least a censoring margin before the end count: the 95th percentile of all observed
    /// intervals, at least 30 days.
    /// </remarks>
    public static LoyaltyEffect Estimate(OrderHistory history, IReadOnlyDictionary<string, DateTime> joinDates, Period window)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(joinDates);
        var warnings = new List<string>();
        var orders = new List<DateTime>[history.CustomerCount];
        var all = new List<double>();
        var orderAtJoin = new Dictionary<int, int>();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            var days = history.OrderTimesOf(c).Where(window.Contains).Select(t => t.Date).Distinct().ToList();
            orders[c] = days;
            for (int i = 1; i < days.Count; i++) all.Add((days[i] - days[i - 1]).TotalDays);
            if (joinDates.TryGetValue(history.CustomerIds[c], out var joined))
            {
                int k = days.Count(d => d <= joined.Date);
                if (k > 0) orderAtJoin[k] = orderAtJoin.GetValueOrDefault(k) + 1;
            }
        }
        int pseudo = orderAtJoin.Count == 0 ? 2 : orderAtJoin.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
        double margin = Math.Max(30, all.Count == 0 ? 30 : Percentile(all, 0.95));
        var cutoff = window.End.AddDays(-margin);
        var member = new List<double>();
        var other = new List<double>();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            var days = orders[c];
            bool isMember = joinDates.TryGetValue(history.CustomerIds[c], out var joined);
            // The event: the join date for members, the pseudo-join order for the others.
            DateTime eventDay = isMember ? joined.Date : days.Count >= pseudo ? days[pseudo - 1] : DateTime.MaxValue;
            if (eventDay == DateTime.MaxValue || eventDay >= cutoff) continue;
            double before = 0, after = 0; int nb = 0, na = 0;
            for (int i = 1; i < days.Count; i++)
            {
                if (days[i - 1] >= cutoff) break; // could still be running at the end: not seen in full
                double gap = (days[i] - days[i - 1]).TotalDays;
                if (days[i] <= eventDay) { before += gap; nb++; }
                else if (days[i - 1] >= eventDay) { after += gap; na++; }
            }
            if (nb == 0 || na == 0) continue;
            (isMember ? member : other).Add(Math.Log(after / na) - Math.Log(before / nb));
        }
        if (member.Count < 30) warnings.Add($"only {member.Count} members have an interval between orders both before and after joining: the estimate is thin.");
        if (other.Count < 30) warnings.Add($"only {other.Count} non-members have intervals around their pseudo join (order {pseudo}): the comparison group is thin.");
        warnings.Add(string.Create(CultureInfo.InvariantCulture,
            $"members choose to join: the difference in differences removes what every customer goes through at order {pseudo}, not what makes a customer join; intervals starting in the last {margin:0} days are left out, as they may not have ended."));
        if (member.Count < 2 || other.Count < 2)
            return new LoyaltyEffect(double.NaN, double.NaN, double.NaN, member.Count, other.Count, pseudo, double.NaN, double.NaN, warnings);
        double mm = member.Average(), mo = other.Average();
        double se = Math.Sqrt(Variance(member) / member.Count + Variance(other) / other.Count);
        double effect = mm - mo;
        return new LoyaltyEffect(Math.Exp(-effect), Math.Exp(-(effect + 1.96 * se)), Math.Exp(-(effect - 1.96 * se)), member.Count, other.Count, pseudo, mm, mo, warnings);
    }

    private static double Variance(List<double> x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Count - 1);
    }

    private static double Percentile(List<double> x, double q)
    {
        var s = x.Order().ToList();
        return s[(int)Math.Min(s.Count - 1, Math.Floor(q * s.Count))];
    }

    /// <inheritdoc />
    public override string ToString() => double.IsNaN(FrequencyRatio)
        ? $"loyalty effect on purchase frequency: undefined ({Members} members, {NonMembers} non-members with intervals around joining)"
        : string.Create(CultureInfo.InvariantCulture,
            $"members buy {FrequencyRatio:0.00}× as often after joining as they would have without the programme (95 % CI {Lower:0.00}–{Upper:0.00}; {FrequencyRatio - 1:+0%;-0%}), from {Members:N0} members and {NonMembers:N0} non-members compared around order {PseudoJoinOrder}");
}
