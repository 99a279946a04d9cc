using RetentionKit.Cohorts;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Returns;
using RetentionKit.Revenue;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

public class RevenueAndRepeatTests
{
    [Fact]
    public void RevenueRetention_HandTable_February()
    {
        var feb = RevenueRetention.Compute(History(), Months()).Periods[1];
        // S = {A, B, E}: January revenue 100 + 200 + 60 = 360; February: A 50, B and E nothing.
        Assert.Equal(360, feb.StartCustomersPreviousRevenue, 9);
        Assert.Equal(50, feb.StartCustomersRevenue, 9);
        Assert.Equal(260, feb.LostCustomerRevenue, 9);
        Assert.Equal(50, feb.Contraction, 9);
        Assert.Equal(310.0 / 360, feb.RevenueChurn.Value, 12);
        Assert.Equal(260.0 / 360, feb.LostCustomerRevenueChurn.Value, 12);
        Assert.Equal(50.0 / 360, feb.Grr.Value, 12);
        Assert.Equal(50.0 / 360, feb.Nrr.Value, 12);
        Assert.Equal(50.0 / 360 - 1, feb.ExistingCustomerGrowth, 12);
        // Net revenue of identified customers: A 50 + C 70 − D's return 20; three orders (o2, o6, o7); two active customers.
        Assert.Equal(100, feb.NetRevenue, 9);
        Assert.Equal(3, feb.Orders);
        Assert.Equal(100.0 / 3, feb.Aov.Value, 12);
        Assert.Equal(1.5, feb.PurchaseFrequency.Value, 12);
    }

    [Fact]
    public void RevenueRetention_HandTable_March()
    {
        var mar = RevenueRetention.Compute(History(), Months()).Periods[2];
        // S = {A, C}: February 50 + 70 = 120; March A 80 (expansion 30), C lost (70).
        Assert.Equal(120, mar.StartCustomersPreviousRevenue, 9);
        Assert.Equal(70.0 / 120, mar.RevenueChurn.Value, 12);
        Assert.Equal(50.0 / 120, mar.Grr.Value, 12);
        Assert.Equal(80.0 / 120, mar.Nrr.Value, 12);
        Assert.Equal(30, mar.Expansion, 9);
        // Acquired before March: A, B, C, E. March 80 + 100 against February 50 + 70.
        Assert.Equal(0.5, mar.ExistingCustomerGrowth, 12);
    }

    [Fact]
    public void RevenueRetention_NoStartCustomers_IsUndefinedWithReason()
    {
        var jan = RevenueRetention.Compute(History(), Months()).Periods[0];
        Assert.False(jan.Grr.IsDefined);
        Assert.Contains("S = 0", jan.Grr.UndefinedReason);
    }

    [Theory]
    [InlineData(new[] { 0.10, 0.05, 0.08 }, RevenueTrend.Rising)]
    [InlineData(new[] { -0.10, -0.05, 0.30 }, RevenueTrend.Falling)]   // one good period does not make a trend
    [InlineData(new[] { 0.01, -0.01, 0.0 }, RevenueTrend.Stagnant)]
    [InlineData(new[] { 0.5 }, RevenueTrend.Undefined)]
    public void ReadTrend_UsesMedianGrowthAgainstBand(double[] growth, RevenueTrend expected) =>
        Assert.Equal(expected, RevenueRetention.ReadTrend(growth, 0.02).Item1);

    [Fact]
    public void RevenueRetention_WithoutMoney_IsUndefinedNotZero()
    {
        var t = Transactions.FromRows([new("A", "1", D("2024-01-05")), new("A", "2", D("2024-02-05"))]);
        var r = RevenueRetention.Compute(Customers.OrderHistory.From(t), Months());
        Assert.Contains(r.Warnings, w => w.Contains("no amounts"));
        Assert.True(double.IsNaN(r.Periods[1].Grr.Value));
        Assert.True(double.IsNaN(r.Periods[1].Aov.Value));
    }

    [Fact]
    public void RepeatPurchase_HandTable()
    {
        var r = RepeatPurchase.Compute(History(), Months().Window, loyalOrders: 3, withinDays: 30);
        // A 3 orders, B 2, C 2 (same day, distinct order ids), E 1.
        Assert.Equal((4L, 3L, 1L), (r.Customers, r.RepeatCustomers, r.LoyalCustomers));
        Assert.Equal(0.75, r.RepeatPurchaseRatio.Value, 12);
        Assert.Equal(0.25, r.LoyalCustomerRate.Value, 12);
        // Within 30 days: A yes (22 days); B no (45); C's second order is the same day, not a return visit; E no.
        Assert.Equal(0.25, r.RepeatWithinDays.Value, 12);
        // Window is 91 days. Repeat: (230 + 300 + 70) / 3 per customer; one-time: E's 60.
        double years = 91 / 365.25;
        Assert.Equal(600.0 / 3 / years, r.RepeatAnnualSpend, 9);
        Assert.Equal(60 / years, r.OneTimeAnnualSpend, 9);
        Assert.Equal(200.0 / 60, r.RepeatSpendRatio.Value, 9);
    }

    [Fact]
    public void RepeatPurchase_WithinDays_LeavesOutCustomersTooRecentToJudge()
    {
        var r = RepeatPurchase.Compute(History(), Months().Window, withinDays: 90);
        Assert.False(r.RepeatWithinDays.IsDefined);
        Assert.Contains(r.Warnings, w => w.Contains("could not yet have come back"));
    }

    [Fact]
    public void ReturnRates_HandTable_CountLinesWithoutCustomer()
    {
        var r = ReturnRates.Compute(Table(), Months().Window);
        Assert.Equal(9, r.UnitsSold);      // nine purchase lines of one unit, o9 (no customer) included
        Assert.Equal(1, r.UnitsReturned);
        Assert.Equal(1.0 / 9, r.ByUnits.Value, 12);
        Assert.Equal(20.0 / 670, r.ByValue.Value, 12);
        var top = Assert.Single(r.TopProducts);
        Assert.Equal("P-o6", top.ProductId);
        Assert.Equal(1.0, top.ReturnRate.Value, 12);
    }

    [Fact]
    public void ReturnRates_CustomerWhoseOnlyOrderIsAReturn_IsNotACustomerButCountsForReturns()
    {
        var h = History();
        int d = h.CustomerIds.ToList().IndexOf("D");
        Assert.Equal(0, h.OrdersOf(d));
        Assert.Equal(4, RepeatPurchase.Compute(h, Months().Window).Customers);
    }

    [Fact]
    public void CohortMatrix_HandTable()
    {
        var m = CohortMatrix.Compute(History(), Months());
        Assert.Equal([3L, 1L, 0L], m.Sizes);
        Assert.Equal(1.0, m.Matrix[0][0]);
        Assert.Equal(1.0 / 3, m.Matrix[0][1], 12); // A in February
        Assert.Equal(2.0 / 3, m.Matrix[0][2], 12); // A and B in March
        Assert.Equal([1.0, 0.0], m.Matrix[1].Take(2));
        Assert.True(double.IsNaN(m.Matrix[1][2]));  // past the window
        Assert.True(double.IsNaN(m.Matrix[2][0]));  // empty cohort
    }

    [Fact]
    public void PurchaseCycle_HandTable_UsesDistinctOrderDates()
    {
        var c = PurchaseCycle.Measure(History());
        // Intervals: A 22 and 43 days, B 45; C's two orders share a date.
        Assert.Equal(3, c.IntervalCount);
        Assert.Equal(43, c.PooledMedianDays);
        Assert.Equal((32.5 + 45) / 2, c.CustomerMedianDays);
        Assert.Equal(2, c.CustomersWithRepeat);
        Assert.Equal(PeriodLength.HalfYear, c.RecommendedPeriod); // 3 × 38.75 = 116 days: longer than a quarter (91.3)
    }
}

public class ReturnRatesPerPeriodTests
{
    [Fact]
    public void PerPeriod_EqualsOneComputationPerPeriod()
    {
        var grid = Months();
        var each = ReturnRates.PerPeriod(Table(), grid);
        Assert.Equal(grid.Periods.Count, each.Count);
        for (int k = 0; k < each.Count; k++)
        {
            var one = ReturnRates.Compute(Table(), grid.Periods[k]);
            Assert.Equal(one.Window, each[k].Window);
            Assert.Equal((one.UnitsSold, one.UnitsReturned, one.ValueSold, one.ValueReturned), (each[k].UnitsSold, each[k].UnitsReturned, each[k].ValueSold, each[k].ValueReturned));
        }
        Assert.Equal(1.0 / 4, each[1].ByUnits.Value, 12); // February: four units sold (o2, o6, o7, o9), one returned (C900)
    }
}
