using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Tests.Metrics;

/// <summary>
/// The hand-checked month table every metric test starts from (values worked out in the comments):
/// <code>
/// A: o1 2024-01-10 100 | o2 2024-02-01 00:00 50 (exactly on the boundary: February) | o3 2024-03-15 80
/// B: o4 2024-01-20 200 | o5 2024-03-05 100 (absent in February: reactivated in March)
/// C: o6 and o7 both on 2024-02-10, 40 and 30 (same-day orders: two orders, one order date)
/// D: only a return, C900 on 2024-02-12, −1 × 20
/// E: o8 2024-01-31 23:59:59 60 (the last instant of January)
/// (no customer): o9 2024-02-05 10
/// </code>
/// Every purchase line is one unit.
/// </summary>
internal static class Hand
{
    public static DateTime D(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture);

    public static Transaction Buy(string? customer, string order, string when, double value) =>
        new(customer, order, D(when), 1, value, value, "P-" + order);

    public static Transactions Table() => Transactions.FromRows(
    [
        Buy("A", "o1", "2024-01-10 09:00", 100),
        Buy("A", "o2", "2024-02-01 00:00", 50),
        Buy("A", "o3", "2024-03-15 12:00", 80),
        Buy("B", "o4", "2024-01-20 10:00", 200),
        Buy("B", "o5", "2024-03-05 10:00", 100),
        Buy("C", "o6", "2024-02-10 09:00", 40),
        Buy("C", "o7", "2024-02-10 17:00", 30),
        new("D", "C900", D("2024-02-12 10:00"), -1, 20, -20, "P-o6"),
        Buy("E", "o8", "2024-01-31 23:59:59", 60),
        Buy(null, "o9", "2024-02-05 10:00", 10),
    ]);

    public static OrderHistory History() => OrderHistory.From(Table());

    /// <summary>January, February and March 2024.</summary>
    public static PeriodGrid Months() => PeriodGrid.Create(PeriodLength.Month, D("2024-01-01"), D("2024-04-01"));
}
