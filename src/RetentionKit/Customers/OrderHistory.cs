using RetentionKit.Data;

namespace RetentionKit.Customers;

/// <summary>
/// Each identified customer's purchase orders and returns in time order: the one place where
/// transaction lines become orders (spec §0), so every metric and model counts orders the same way.
/// <list type="bullet">
/// <item>An order is a distinct (customer, order id), or without order ids a distinct (customer, calendar day); in a table
/// with order ids, a customer's lines without one on a day are that day's one order.</item>
/// <item>Return lines never make an order; they are kept apart (with their time) for net revenue and return rates.</item>
/// <item>An order's time is its earliest purchase line; its value and units are the sums over its purchase lines.</item>
/// <item>Lines without a customer id are left out and counted in <see cref="LinesWithoutCustomer"/>.</item>
/// </list>
/// Built with a counting sort by customer, then a time sort within each customer: O(lines), no boxing.
/// </summary>
public sealed class OrderHistory
{
    internal readonly int[] OrderStart;   // customer c's orders are [OrderStart[c], OrderStart[c + 1])
    internal readonly long[] OrderTicks;
    internal readonly int[] OrderDay;
    internal readonly double[] OrderValue;
    internal readonly double[] OrderUnits;
    internal readonly int[] ReturnStart;  // customer c's return lines are [ReturnStart[c], ReturnStart[c + 1])
    internal readonly int[] ReturnDay;
    internal readonly double[] ReturnValue;

    private OrderHistory(IReadOnlyList<string> ids, int[] orderStart, long[] ticks, int[] day, double[] value, double[] units,
        int[] returnStart, int[] returnDay, double[] returnValue, long withoutCustomer, bool hasOrderIds, bool hasMoney, DateTime? first, DateTime? last)
    {
        CustomerIds = ids; OrderStart = orderStart; OrderTicks = ticks; OrderDay = day; OrderValue = value; OrderUnits = units;
        ReturnStart = returnStart; ReturnDay = returnDay; ReturnValue = returnValue;
        LinesWithoutCustomer = withoutCustomer; HasOrderIds = hasOrderIds; HasMoney = hasMoney;
        FirstOrder = first; LastOrder = last;
    }

    /// <summary>Customer ids; a customer's index here is its code in the transactions.</summary>
    public IReadOnlyList<string> CustomerIds { get; }
    /// <summary>Number of customers (including any whose only lines are returns: they have no orders).</summary>
    public int CustomerCount => CustomerIds.Count;
    /// <summary>Total purchase orders.</summary>
    public int OrderCount => OrderTicks.Length;
    /// <summary>Lines left out because they have no customer id.</summary>
    public long LinesWithoutCustomer { get; }
    /// <summary>Whether orders came from order ids (else one order per customer and day).</summary>
    public bool HasOrderIds { get; }
    /// <summary>Whether money is known; without it revenue metrics are undefined.</summary>
    public bool HasMoney { get; }
    /// <summary>The earliest order time, or null without orders.</summary>
    public DateTime? FirstOrder { get; }
    /// <summary>The latest order time, or null without orders.</summary>
    public DateTime? LastOrder { get; }

    /// <summary>Number of purchase orders of customer <paramref name="customer"/>.</summary>
    public int OrdersOf(int customer) => OrderStart[customer + 1] - OrderStart[customer];

    /// <summary>The order times of a customer, oldest first.</summary>
    public IEnumerable<DateTime> OrderTimesOf(int customer)
    {
        for (int i = OrderStart[customer]; i < OrderStart[customer + 1]; i++) yield return new DateTime(OrderTicks[i]);
    }

    /// <summary>The order values of a customer, oldest first.</summary>
    public ReadOnlySpan<double> OrderValuesOf(int customer) => OrderValue.AsSpan(OrderStart[customer], OrdersOf(customer));

    /// <summary>
    /// A customer's orders in <paramref name="window"/> (by order time), their net spend there (order values plus the
    /// returns booked on days in the window), and the day of the last of those orders (0 without orders).
    /// </summary>
    internal (int Orders, double NetSpend, int LastOrderDay) ActivityIn(int customer, Periods.Period window)
    {
        long from = window.Start.Ticks, to = window.End.Ticks;
        int fromDay = Periods.PeriodGrid.DayNumber(window.Start), toDay = Periods.PeriodGrid.DayNumber(window.End);
        int n = 0, last = 0;
        double spend = 0;
        for (int i = OrderStart[customer]; i < OrderStart[customer + 1]; i++)
            if (OrderTicks[i] >= from && OrderTicks[i] < to) { n++; spend += OrderValue[i]; last = OrderDay[i]; }
        for (int r = ReturnStart[customer]; r < ReturnStart[customer + 1]; r++)
            if (ReturnDay[r] >= fromDay && ReturnDay[r] < toDay) spend += ReturnValue[r];
        return (n, spend, last);
    }

    /// <summary>
    /// Builds the history from orders already reduced (by an SQL engine's GROUP BY): each order's customer, time (its
    /// earliest purchase line), value and units, and the line it starts on (ties in time keep file order); each
    /// customer's return value per day.
    /// </summary>
    /// <param name="customerIds">Customer ids; the codes in <paramref name="orders"/> and <paramref name="returns"/> index them.</param>
    /// <param name="orders">(customer, time in ticks, value, units, first line) of every purchase order, in any order.</param>
    /// <param name="returns">(customer, day number, Σ amount) of identified customers' return lines, in any order.</param>
    /// <param name="linesWithoutCustomer">Lines left out for want of a customer id.</param>
    /// <param name="hasOrderIds">Whether orders came from order ids.</param>
    /// <param name="hasMoney">Whether money is known.</param>
    public static OrderHistory FromOrders(IReadOnlyList<string> customerIds, IReadOnlyList<(int Customer, long Ticks, double Value, double Units, long Line)> orders,
        IReadOnlyList<(int Customer, int Day, double Value)> returns, long linesWithoutCustomer, bool hasOrderIds, bool hasMoney)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(returns);
        int customers = customerIds.Count;
        var orderStart = new int[customers + 1];
        var returnStart = new int[customers + 1];
        int Check(int c) => c >= 0 && c < customers ? c : throw new ArgumentException($"customer code {c} is not one of the {customers:N0} customer ids.", nameof(orders));
        foreach (var x in orders) orderStart[Check(x.Customer) + 1]++;
        foreach (var x in returns) returnStart[Check(x.Customer) + 1]++;
        for (int c = 0; c < customers; c++) { orderStart[c + 1] += orderStart[c]; returnStart[c + 1] += returnStart[c]; }
        // A counting sort by customer, then each customer's few orders by (time, first line), returns by day.
        var byTime = new (long Ticks, long Line, int At)[orders.Count];
        var fill = orderStart[..^1];
        for (int i = 0; i < orders.Count; i++) byTime[fill[orders[i].Customer]++] = (orders[i].Ticks, orders[i].Line, i);
        var byDay = new (int Day, int At)[returns.Count];
        fill = returnStart[..^1];
        for (int i = 0; i < returns.Count; i++) byDay[fill[returns[i].Customer]++] = (returns[i].Day, i);
        for (int c = 0; c < customers; c++)
        {
            byTime.AsSpan(orderStart[c], orderStart[c + 1] - orderStart[c]).Sort();
            byDay.AsSpan(returnStart[c], returnStart[c + 1] - returnStart[c]).Sort();
        }
        var o = byTime.Select(x => x.At).ToArray();
        var r = byDay.Select(x => x.At).ToArray();
        var ticks = o.Select(i => orders[i].Ticks).ToArray();
        return new OrderHistory(customerIds, orderStart, ticks, ticks.Select(t => (int)(t / TimeSpan.TicksPerDay)).ToArray(),
            o.Select(i => orders[i].Value).ToArray(), o.Select(i => orders[i].Units).ToArray(),
            returnStart, r.Select(i => returns[i].Day).ToArray(), r.Select(i => returns[i].Value).ToArray(), linesWithoutCustomer, hasOrderIds, hasMoney,
            ticks.Length > 0 ? new DateTime(ticks.Min()) : null, ticks.Length > 0 ? new DateTime(ticks.Max()) : null);
    }

    /// <summary>Builds the history from transactions.</summary>
    public static OrderHistory From(Transactions t)
    {
        ArgumentNullException.ThrowIfNull(t);
        int customers = t.CustomerIds.Count, n = t.Count;
        var cust = t.Customer; var time = t.Time; var ret = t.Return; var money = t.Money; var qty = t.Qty; var ord = t.Order;
        var kinds = t.Lines;

        // Counting sort of line indexes by customer.
        var start = new int[customers + 1];
        long withoutCustomer = 0;
        for (int i = 0; i < n; i++) { int c = cust[i]; if (c >= 0) start[c + 1]++; else withoutCustomer++; }
        for (int c = 0; c < customers; c++) start[c + 1] += start[c];
        var perm = new int[start[customers]];
        var fill = start.AsSpan(0, customers).ToArray();
        for (int i = 0; i < n; i++) { int c = cust[i]; if (c >= 0) perm[fill[c]++] = i; }

        var orderStart = new int[customers + 1];
        var returnStart = new int[customers + 1];
        var ticks = new List<long>(perm.Length / 2); var days = new List<int>(perm.Length / 2);
        var values = new List<double>(perm.Length / 2); var units = new List<double>(perm.Length / 2);
        var rDays = new List<int>(); var rValues = new List<double>();
        bool hasOrders = t.HasOrderIds;
        var slotOfOrder = hasOrders ? new int[t.OrderIds.Count] : [];
        var stampOfOrder = hasOrders ? new int[t.OrderIds.Count] : [];
        var keys = new long[64];
        long firstTicks = long.MaxValue, lastTicks = long.MinValue;

        for (int c = 0; c < customers; c++)
        {
            orderStart[c] = ticks.Count;
            returnStart[c] = rDays.Count;
            int s = start[c], e = start[c + 1], len = e - s;
            var seg = perm.AsSpan(s, len);
            bool sorted = true;
            for (int j = 1; j < len && sorted; j++) sorted = time[seg[j - 1]] <= time[seg[j]];
            if (!sorted)
            {
                if (keys.Length < len) keys = new long[len * 2];
                var k = keys.AsSpan(0, len);
                for (int j = 0; j < len; j++) k[j] = time[seg[j]].Ticks;
                k.Sort(seg); // stable enough: equal times keep no particular order, and orders merge by id below
            }
            int lastDay = int.MinValue, idlessDay = int.MinValue, idlessSlot = -1;
            for (int j = 0; j < len; j++)
            {
                int i = seg[j];
                long tk = time[i].Ticks;
                int day = (int)(tk / TimeSpan.TicksPerDay);
                double amount = money[i];
                // A sale reversed within the cancellation window never happened: neither it nor its reversal is
                // activity or spend (a 168,000 order cancelled minutes later must not rank a customer's CLV).
                if (kinds[i] is LineKind.CancelledSale or LineKind.Cancellation) continue;
                if (ret[i])
                {
                    rDays.Add(day); rValues.Add(amount);
                    continue;
                }
                double q = double.IsNaN(qty[i]) ? 0 : qty[i];
                int slot = -1;
                if (hasOrders)
                {
                    int o = ord[i];
                    if (o >= 0 && stampOfOrder[o] == c + 1) slot = slotOfOrder[o];
                    else if (o >= 0) { stampOfOrder[o] = c + 1; slotOfOrder[o] = ticks.Count; }
                    else if (day == idlessDay) slot = idlessSlot; // lines without an order id: one order a day, as an SQL GROUP BY makes it
                    else { idlessDay = day; idlessSlot = ticks.Count; }
                }
                else if (day == lastDay) slot = ticks.Count - 1;
                if (slot >= 0) { values[slot] += amount; units[slot] += q; continue; }
                ticks.Add(tk); days.Add(day); values.Add(amount); units.Add(q);
                lastDay = day;
                if (tk < firstTicks) firstTicks = tk;
                if (tk > lastTicks) lastTicks = tk;
            }
        }
        orderStart[customers] = ticks.Count;
        returnStart[customers] = rDays.Count;
        return new OrderHistory(t.CustomerIds, orderStart, ticks.ToArray(), days.ToArray(), values.ToArray(), units.ToArray(),
            returnStart, rDays.ToArray(), rValues.ToArray(), withoutCustomer, hasOrders, t.HasMoney,
            ticks.Count > 0 ? new DateTime(firstTicks) : null, ticks.Count > 0 ? new DateTime(lastTicks) : null);
    }
}
