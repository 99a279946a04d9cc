using RetentionKit.Customers;

namespace RetentionKit.Periods;

/// <summary>
/// Each customer's activity per period of a grid, as sparse cells sorted by period: whether they ordered,
/// how many orders, and their net revenue (orders less returns) in that period. Period −1 is the grid's
/// base period. Built once and shared by retention, revenue and cohort metrics.
/// </summary>
internal sealed class PeriodActivity
{
    public readonly PeriodGrid Grid;
    public readonly OrderHistory History;
    public readonly int[] CellStart;     // customer c's cells are [CellStart[c], CellStart[c + 1])
    public readonly int[] CellPeriod;
    public readonly int[] CellOrders;    // 0 = only returns in that period: not active
    public readonly double[] CellRevenue;
    public readonly int[] FirstPeriod;   // period of the first order ever (PeriodGrid.Before/After outside); NoOrders without any

    public const int NoOrders = int.MaxValue;

    private PeriodActivity(PeriodGrid grid, OrderHistory history, int[] cellStart, int[] period, int[] orders, double[] revenue, int[] first)
    {
        Grid = grid; History = history; CellStart = cellStart; CellPeriod = period; CellOrders = orders; CellRevenue = revenue; FirstPeriod = first;
    }

    public int PeriodCount => Grid.Periods.Count;

    public static PeriodActivity Build(OrderHistory h, PeriodGrid grid)
    {
        int customers = h.CustomerCount;
        var cellStart = new int[customers + 1];
        var first = new int[customers];
        var period = new List<int>(h.OrderCount / 2 + 16);
        var orders = new List<int>(h.OrderCount / 2 + 16);
        var revenue = new List<double>(h.OrderCount / 2 + 16);
        for (int c = 0; c < customers; c++)
        {
            cellStart[c] = period.Count;
            int o = h.OrderStart[c], oe = h.OrderStart[c + 1], r = h.ReturnStart[c], re = h.ReturnStart[c + 1];
            first[c] = o < oe ? grid.PeriodOfDay(h.OrderDay[o]) : NoOrders;
            while (o < oe || r < re)
            {
                int po = o < oe ? grid.PeriodOfDay(h.OrderDay[o]) : int.MaxValue;
                int pr = r < re ? grid.PeriodOfDay(h.ReturnDay[r]) : int.MaxValue;
                int k = Math.Min(po, pr);
                int n = 0;
                double rev = 0;
                while (o < oe && grid.PeriodOfDay(h.OrderDay[o]) == k) { n++; rev += h.OrderValue[o]; o++; }
                while (r < re && grid.PeriodOfDay(h.ReturnDay[r]) == k) { rev += h.ReturnValue[r]; r++; }
                if (k == PeriodGrid.Before || k == PeriodGrid.After) continue;
                period.Add(k); orders.Add(n); revenue.Add(rev);
            }
        }
        cellStart[customers] = period.Count;
        return new PeriodActivity(grid, h, cellStart, period.ToArray(), orders.ToArray(), revenue.ToArray(), first);
    }
}
