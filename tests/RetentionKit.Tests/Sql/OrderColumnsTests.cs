using RetentionKit.Customers;

namespace RetentionKit.Tests.Sql;

/// <summary>
/// An engine's orders arrive in no order, as columns; the history places each customer's orders oldest first (file order
/// for equal times) and each customer's returns by day, worked here by hand.
/// </summary>
public class OrderColumnsTests
{
    private static readonly string[] Ids = ["a", "b", "c", "d"];
    private static readonly DateTime Day0 = new(2024, 1, 1);

    private static DateTime At(int day, int hour = 0) => Day0.AddDays(day).AddHours(hour);

    [Fact]
    public void Orders_in_any_order_are_placed_by_customer_then_time_then_first_line()
    {
        // (customer, time, value, units, first line); "c" has only returns.
        var orders = new List<(int, long, double, double, long)>
        {
            (0, At(5).Ticks, 10, 1, 50), (3, At(1).Ticks, 7, 2, 3), (0, At(2).Ticks, 20, 2, 9), (1, At(3, 4).Ticks, 5, 1, 40), (0, At(2).Ticks, 30, 3, 4), (3, At(9).Ticks, 1, 1, 99),
        };
        var returns = new List<(int, int, double)> { (2, 738900, -4), (0, 738910, -2), (0, 738905, -1) };
        var h = OrderHistory.FromOrderColumns(Ids, orders.Select(o => o.Item1).ToList(), orders.Select(o => o.Item2).ToList(), orders.Select(o => o.Item3).ToList(),
            orders.Select(o => o.Item4).ToList(), orders.Select(o => o.Item5).ToList(), returns, 3, hasOrderIds: true, hasMoney: true);

        Assert.Equal(6, h.OrderCount);
        // Customer a: two orders at day 2 in file order (line 4 before line 9), then day 5.
        Assert.Equal([At(2), At(2), At(5)], h.OrderTimesOf(0));
        Assert.Equal(new double[] { 30, 20, 10 }, h.OrderValuesOf(0).ToArray());
        Assert.Equal(new double[] { 3, 2, 1 }, h.OrderUnits[..3]);
        Assert.Equal([At(3, 4)], h.OrderTimesOf(1));
        Assert.Equal(0, h.OrdersOf(2));
        Assert.Equal([At(1), At(9)], h.OrderTimesOf(3));
        Assert.Equal(new[] { 0, 3, 4, 4, 6 }, h.OrderStart);
        Assert.Equal(h.OrderTicks.Select(t => (int)(t / TimeSpan.TicksPerDay)), h.OrderDay);
        Assert.Equal(At(1), h.FirstOrder);
        Assert.Equal(At(9), h.LastOrder);
        // Returns by customer, each customer's by day: a's two, then c's one.
        Assert.Equal(new[] { 0, 2, 2, 3, 3 }, h.ReturnStart);
        Assert.Equal(new[] { 738905, 738910, 738900 }, h.ReturnDay);
        Assert.Equal(new double[] { -1, -2, -4 }, h.ReturnValue);
        Assert.Equal(3, h.LinesWithoutCustomer);

        // The public tuple form is the same history.
        var g = OrderHistory.FromOrders(Ids, orders, returns, 3, hasOrderIds: true, hasMoney: true);
        Assert.Equal(h.OrderTicks, g.OrderTicks);
        Assert.Equal(h.OrderValue, g.OrderValue);
        Assert.Equal(h.ReturnDay, g.ReturnDay);
    }

    [Fact]
    public void A_code_outside_the_customers_is_refused_with_it()
    {
        var e = Assert.Throws<ArgumentException>(() => OrderHistory.FromOrders(Ids, [(4, At(1).Ticks, 1, 1, 1)], [], 0, true, true));
        Assert.Contains("customer code 4 is not one of the 4", e.Message);
    }
}
