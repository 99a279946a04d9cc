using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Revenue;

/// <summary>One period of <see cref="NewAndReturning"/>.</summary>
/// <param name="Period">The period.</param>
/// <param name="NewCustomers">Customers whose first order is in the period.</param>
/// <param name="ReturningCustomers">Customers who ordered in the period and had ordered before it.</param>
/// <param name="NewRevenue">Net revenue of the new customers in the period.</param>
/// <param name="ReturningRevenue">Net revenue of the returning customers in the period.</param>
/// <param name="NewOrders">Orders of the new customers.</param>
/// <param name="ReturningOrders">Orders of the returning customers.</param>
public sealed record NewAndReturningPeriod(Period Period, long NewCustomers, long ReturningCustomers, double NewRevenue, double ReturningRevenue, long NewOrders, long ReturningOrders)
{
    /// <summary>Returning customers' share of the period's customer revenue (seeds 001 and 002: most revenue comes from them).</summary>
    public Rate ReturningRevenueShare => Rate.Of(ReturningRevenue, NewRevenue + ReturningRevenue, "no customer revenue in the period");
    /// <summary>Average order value of new customers.</summary>
    public Rate NewAov => Rate.Of(NewRevenue, NewOrders, "no orders from new customers");
    /// <summary>Average order value of returning customers (seed 002: engaged customers raise AOV).</summary>
    public Rate ReturningAov => Rate.Of(ReturningRevenue, ReturningOrders, "no orders from returning customers");
}

/// <summary>
/// Revenue and order value of new against returning customers, per period: how much of the revenue comes from customers
/// who came back, and whether they order more per order than first-time buyers. Customers first seen in the data's first
/// periods may have bought before it (left truncation): their "new" revenue is partly returning revenue.
/// </summary>
/// <param name="Length">The period unit.</param>
/// <param name="Periods">One row per compared period.</param>
public sealed record NewAndReturning(PeriodLength Length, IReadOnlyList<NewAndReturningPeriod> Periods)
{
    /// <summary>Splits each compared period's customers into new and returning.</summary>
    public static NewAndReturning Compute(OrderHistory history, PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(grid);
        var a = PeriodActivity.Build(history, grid);
        int p = grid.Periods.Count;
        var (nc, rc, no, ro) = (new long[p], new long[p], new long[p], new long[p]);
        var (nr, rr) = (new double[p], new double[p]);
        for (int c = 0; c < history.CustomerCount; c++)
        {
            int first = a.FirstPeriod[c];
            for (int j = a.CellStart[c]; j < a.CellStart[c + 1]; j++)
            {
                int k = a.CellPeriod[j];
                if (k < 0 || a.CellOrders[j] == 0) continue;
                if (first == k) { nc[k]++; no[k] += a.CellOrders[j]; nr[k] += a.CellRevenue[j]; }
                else { rc[k]++; ro[k] += a.CellOrders[j]; rr[k] += a.CellRevenue[j]; }
            }
        }
        return new NewAndReturning(grid.Length, Enumerable.Range(0, p).Select(k => new NewAndReturningPeriod(grid.Periods[k], nc[k], rc[k], nr[k], rr[k], no[k], ro[k])).ToList());
    }

    /// <summary>One row per period.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Start", Periods.Select(r => r.Period.Start)).Add("NewCustomers", Periods.Select(r => r.NewCustomers)).Add("ReturningCustomers", Periods.Select(r => r.ReturningCustomers))
        .Add("NewRevenue", Periods.Select(r => r.NewRevenue)).Add("ReturningRevenue", Periods.Select(r => r.ReturningRevenue))
        .Add("ReturningRevenueShare", Periods.Select(r => r.ReturningRevenueShare)).Add("NewAov", Periods.Select(r => r.NewAov.Value)).Add("ReturningAov", Periods.Select(r => r.ReturningAov.Value))
        .Build();

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"New against returning customers per {Length.Name}\n");
        foreach (var r in Periods)
            sb.Append(CultureInfo.InvariantCulture, $"  {r.Period.Start:yyyy-MM-dd}  returning customers' share of revenue {r.ReturningRevenueShare}; AOV new {r.NewAov.Value:N2}, returning {r.ReturningAov.Value:N2}\n");
        return sb.ToString().TrimEnd();
    }
}
