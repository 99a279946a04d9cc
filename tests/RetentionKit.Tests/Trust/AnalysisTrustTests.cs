using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Retention;
using RetentionKit.Returns;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Trust;

/// <summary>
/// The answers behind the numbers (issue 11): no comparison against a partly observed period, returns that are
/// returns, a churn alert with a basis, identities that hold, and a load report that counts orders as the spec does.
/// Each case is small enough to check by hand.
/// </summary>
public class AnalysisTrustTests
{
    private static Transactions Rows(params Transaction[] rows) => Transactions.FromRows(rows);

    /// <summary>Customers buying monthly from 1 December 2010 to November 2011, the way Online Retail begins mid-quarter.</summary>
    private static Transactions FromDecember()
    {
        var rows = new List<Transaction>();
        for (int c = 0; c < 6; c++)
            for (var d = new DateTime(2010, 12, 1, 9, 0, 0); d < new DateTime(2011, 12, 10); d = d.AddMonths(1))
                if (c < 3 || d.Month % 2 == 0) rows.Add(Buy("c" + c, $"o{c}-{d:yyyyMMdd}", d.ToString("yyyy-MM-dd 10:00", CultureInfo.InvariantCulture), 10));
        return Rows([.. rows]);
    }

    [Fact]
    public void Quarters_NeverUseAPartlyObservedBase()
    {
        var m = MetricSuite.Compute(FromDecember(), new SuiteOptions { Period = PeriodLength.Quarter });
        // Calendar quarters would give Q1 against Oct–Dec 2010, of which one month is observed. The kit counts quarters
        // from 1 December instead: Dec–Feb is the base, then three fully observed comparisons.
        Assert.Equal(new DateTime(2010, 12, 1), m.Grid.BasePeriod.Start);
        Assert.Equal([new DateTime(2011, 3, 1), new DateTime(2011, 6, 1), new DateTime(2011, 9, 1)], m.Retention.Periods.Select(p => p.Period.Start));
        Assert.All(m.Retention.Periods, p => Assert.True(m.Grid.BasePeriod.Start >= new DateTime(2010, 12, 1)));
        Assert.Contains(m.Warnings, w => w.Contains("counted from 2010-12-01, not from calendar boundaries", StringComparison.Ordinal));
        // every customer bought in every quarter: nothing lost, S the whole base
        Assert.All(m.Retention.Periods, p => Assert.Equal((6L, 0L), (p.S, p.Lost)));
    }

    [Fact]
    public void CalendarAnchor_UsesTheFirstCompleteQuarterAsBase_AndSaysSo()
    {
        var m = MetricSuite.Compute(FromDecember(), new SuiteOptions { Period = PeriodLength.Quarter, Anchor = PeriodAnchor.Calendar });
        Assert.Equal(new Period(new DateTime(2011, 1, 1), new DateTime(2011, 4, 1)), m.Grid.BasePeriod);
        Assert.Equal(2, m.Retention.Periods.Count); // Q2 and Q3; Q4 ends after the data
        Assert.Contains(m.Warnings, w => w.Contains("is the base of the first comparison and is not itself compared", StringComparison.Ordinal));
    }

    [Fact]
    public void HalfYears_InAYear_HoldOneFullyObservedComparison()
    {
        var g = PeriodGrid.Create(PeriodLength.HalfYear, new DateTime(2010, 12, 1), new DateTime(2011, 12, 10), new DateTime(2010, 12, 1));
        Assert.Equal(new Period(new DateTime(2010, 12, 1), new DateTime(2011, 6, 1)), g.BasePeriod);
        Assert.Equal([new Period(new DateTime(2011, 6, 1), new DateTime(2011, 12, 1))], g.Periods);
        var calendar = PeriodGrid.Create(PeriodLength.HalfYear, new DateTime(2010, 12, 1), new DateTime(2011, 12, 10), new DateTime(2010, 12, 1), PeriodAnchor.Calendar);
        Assert.Empty(calendar.Periods); // H1 2011 is complete but its base (H2 2010) is not: no comparison
        Assert.Contains(calendar.Warnings, w => w.Contains("so there is none", StringComparison.Ordinal));
    }

    [Fact]
    public void RowWarnings_ShowWhereTheRowIsShown()
    {
        // Computed on a grid whose base lies before the data: the row says so in ToString and in the DataFrame.
        var r = PeriodRetention.Compute(OrderHistory(FromDecember()), PeriodGrid.Create(PeriodLength.Quarter, new DateTime(2011, 1, 1), new DateTime(2011, 7, 1)));
        Assert.Contains(r.Periods[0].Warnings, w => w.Contains("S may be too small", StringComparison.Ordinal));
        Assert.Contains("S may be too small", r.ToString());
        Assert.Contains("S may be too small", r.ToDataFrame()["Warnings"][0]!.ToString());
    }

    private static Customers.OrderHistory OrderHistory(Transactions t) => Customers.OrderHistory.From(t);

    [Fact]
    public void BurnIn_CountsEarlyCustomersAsExisting()
    {
        // b first appears in April: new in Q2 without a burn-in; a burn-in of 200 days makes Dec–Jun history only.
        var t = Rows(Buy("a", "1", "2011-01-05", 10), Buy("b", "2", "2011-04-05", 10), Buy("a", "3", "2011-07-05", 10), Buy("b", "4", "2011-08-05", 10),
            Buy("a", "5", "2011-10-05", 10), Buy("b", "6", "2011-11-05", 10), Buy("a", "7", "2012-01-05", 10), Buy("b", "8", "2012-02-05", 10), Buy("a", "9", "2012-04-05", 10));
        var plain = MetricSuite.Compute(t, new SuiteOptions { Period = PeriodLength.Quarter });
        Assert.Contains(plain.Warnings, w => w.Contains("left truncation", StringComparison.Ordinal));
        var burned = MetricSuite.Compute(t, new SuiteOptions { Period = PeriodLength.Quarter, BurnInDays = 200 });
        Assert.Contains(burned.Warnings, w => w.Contains("burn-in", StringComparison.Ordinal));
        Assert.True(burned.Retention.Periods[0].Period.Start >= new DateTime(2011, 1, 5).AddDays(200));
        Assert.All(burned.Retention.Periods, p => Assert.Equal(0L, p.N)); // nobody is new after the burn-in
    }

    [Fact]
    public void GrrPlusRevenueChurn_IsExactlyOne_EvenWhenALostCustomerReturnsGoods()
    {
        // a spends 100 in January; in February a orders nothing but returns 30: lost, and the return counts as contraction.
        var t = Rows(Buy("a", "1", "2024-01-10", 100), Buy("b", "2", "2024-01-11", 50), Buy("b", "3", "2024-02-11", 80),
            new Transaction("a", "C4", D("2024-02-12"), -1, 30, -30, "P-1"));
        var feb = Revenue.RevenueRetention.Compute(Customers.OrderHistory.From(t), Months()).Periods[1];
        Assert.Equal(1.0, feb.Grr.Value + feb.RevenueChurn.Value, 12);
        Assert.Equal(20.0 / 150, feb.Grr.Value, 12);       // min(−30, 100) + min(80, 50) = 20 of 150
        Assert.Equal(130, feb.RevenueLost, 9);             // 150 − 20: a's 100 and its 30 returned
        Assert.Contains("GRR", feb.Identity);
    }

    [Fact]
    public void LapseRate_CountsCustomersWhoPassThreeCyclesWithoutAnOrder()
    {
        // Five customers order every 10 days from January; two stop after 1 March. The cycle is 10 days, the lapse
        // window 30 days, so they lapse on 31 March; March's rate is 2 of the 5 live at its start.
        var rows = new List<Transaction>();
        for (int c = 0; c < 5; c++)
            for (var d = new DateTime(2024, 1, 1); d < (c < 2 ? new DateTime(2024, 3, 11) : new DateTime(2024, 7, 1)); d = d.AddDays(10))
                rows.Add(Buy("c" + c, $"{c}-{d:MMdd}", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 10));
        var h = Customers.OrderHistory.From(Rows([.. rows]));
        var lapse = LapseRates.Compute(h, PurchaseCycle.Measure(h), new DateTime(2024, 1, 1), new DateTime(2024, 7, 1));
        Assert.Equal(30, lapse.LapseDays, 9);
        Assert.Equal(new DateTime(2024, 2, 1), lapse.Months[0].Month.Start); // a lapse window after the data starts
        var march = lapse.Months.Single(m => m.Month.Start.Month == 3);
        Assert.Equal((5L, 2L), (march.Live, march.Lapsed));
        Assert.True(march.Alert);                                          // 40 % > 7 %
        Assert.All(lapse.Months.Where(m => m.Month.Start.Month != 3), m => Assert.False(m.Alert));
        Assert.Equal(3L, lapse.Months.Single(m => m.Month.Start.Month == 4).Live);
    }

    [Fact]
    public void ChurnAlert_OnTransactionData_DoesNotFireOnEveryPeriod()
    {
        // Loyal monthly buyers: lost / S is 0 and the lapse rate is 0: no alert anywhere.
        var m = MetricSuite.Compute(FromDecember(), new SuiteOptions { Period = PeriodLength.Month });
        Assert.NotEmpty(m.Lapse.Months);
        Assert.DoesNotContain(m.Lapse.Months, x => x.Alert);
    }

    [Theory]
    [InlineData(0.30, 91.3125, 0.111)] // seed 002: 30 % a quarter of contractual churn is 11.1 % per 30 days: alert
    [InlineData(0.10, 30, 0.10)]       // seed 004: 10 of 100 cancelled in 30 days: alert
    public void SeedExamples_ThirtyDayContractualChurn_AboveTheSevenPercentAlert(double churn, double days, double expected)
    {
        double c30 = RetentionFormulas.ThirtyDayEquivalent(churn, days);
        Assert.Equal(expected, c30, 3);
        Assert.True(c30 > 0.07);
    }

    [Fact]
    public void Lines_AreClassified_AndTheReturnRateCountsProductReturnsOnly()
    {
        var t = Rows(
            new Transaction("a", "1", D("2024-01-10 10:00"), 10, 2, 20, "P1"),          // sale
            new Transaction("a", "C2", D("2024-01-20 10:00"), -2, 2, -4, "P1"),         // product return 10 days later
            new Transaction("b", "3", D("2024-01-11 09:00"), 500, 1, 500, "P2"),        // sale …
            new Transaction("b", "C4", D("2024-01-11 09:16"), -500, 1, -500, "P2"),     // … cancelled 16 minutes later
            new Transaction(null, "5", D("2024-01-12 09:00"), -300, 0, 0, "P1"),        // write-off: no customer, no C invoice
            new Transaction("a", "6", D("2024-01-10 10:00"), 1, 15, 15, "POST"),        // postage
            new Transaction("a", "C7", D("2024-01-25 10:00"), -1, 40, -40, "AMAZONFEE")); // a fee reversed
        var l = t.Lines;
        Assert.Equal([LineKind.Sale, LineKind.ProductReturn, LineKind.CancelledSale, LineKind.Cancellation, LineKind.StockAdjustment, LineKind.NonProduct, LineKind.NonProduct],
            Enumerable.Range(0, t.Count).Select(i => l[i]));
        var r = ReturnRates.Compute(t);
        Assert.Equal(2.0 / 10, r.ByUnits.Value, 12);   // 2 of 10 units: not 802 of 511
        Assert.Equal(4.0 / 20, r.ByValue.Value, 12);
        Assert.Contains(r.Warnings, w => w.Contains("1 cancellations", StringComparison.Ordinal) && w.Contains("1 stock adjustments", StringComparison.Ordinal));
        // Rules are data: without them every return line is a product return again.
        var none = ReturnRates.Compute(t.WithLineRules(LineRules.None));
        Assert.True(none.ByUnits.Value > 1);
    }

    [Fact]
    public void LoadReport_CountsPurchaseOrdersApartFromReturnAndAnonymousInvoices_AndKeepsNames()
    {
        var csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n" +
                  "1,P1,RED MUG,2,2024-01-01 10:00,3,A\n1,P2,BLUE MUG,1,2024-01-01 10:00,3,A\n2,P1,RED MUG,1,2024-01-02 10:00,3,B\n" +
                  "C3,P1,RED MUG,-1,2024-01-03 10:00,3,A\n4,P1,RED MUG,5,2024-01-04 10:00,3,\n";
        var loaded = TransactionLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "orders.csv");
        Assert.Equal((2L, 1L, 1L), (loaded.Report.Orders, loaded.Report.ReturnInvoices, loaded.Report.InvoicesWithoutCustomer));
        Assert.Equal("RED MUG", loaded.Transactions.ProductLabel(0));
        Assert.Equal(4L, loaded.Report.Lines[LineKind.Sale]);
        Assert.Contains("purchase orders 2", loaded.Report.ToString());
    }

    [Theory]
    [InlineData("amount\n1.234\n2.500\n", "exactly three digits after it")]   // Danish thousands read as decimals
    [InlineData("amount\n\"1,759\"\n12\n", "as a thousands separator")]        // a German 1,759 € read as 1759
    public void LoadReport_WarnsWhenASeparatorCouldBeReadTwoWays(string column, string expected)
    {
        var lines = column.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = "customer,date," + lines[0] + "\n" + string.Join("\n", lines.Skip(1).Select((v, i) => $"K{i},2024-01-0{i + 1},{v}")) + "\n";
        var report = TransactionLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "x.csv").Report;
        Assert.Contains(report.Warnings, w => w.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadReport_WarnsWhenDayAndMonthCouldBeSwapped()
    {
        // Under a culture the user chose, its order is used and the ambiguity is named.
        var csv = "customer,date,amount\nA,01/02/2023,5\nB,03/04/2023,6\n";
        var report = TransactionLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "x.csv",
            new LoadOptions { Culture = CultureInfo.GetCultureInfo("en-GB") }).Report;
        Assert.Contains(report.Warnings, w => w.Contains("day-first or month-first", StringComparison.Ordinal));
        // Under the default culture, nothing tells the order: the load stops and asks.
        var ex = Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "x.csv"));
        Assert.Contains("--date-format", ex.Message);
    }
}

public class ContractualAlertTests
{
    [Theory]
    [InlineData(0.04, false)] // the generator's 4 % a month: below the 7 % alert
    [InlineData(0.12, true)]  // 12 % a month: above it
    public void SubscriptionChurn_PerThirtyDays_RaisesTheAlertOnlyAboveThreshold(double monthly, bool alert)
    {
        var data = RetentionKit.Synthetic.SyntheticData.Generate(new RetentionKit.Synthetic.SyntheticOptions { Subscribers = 4_000, MonthlySubscriptionChurn = monthly, Customers = 200 });
        var grid = Periods.PeriodGrid.Create(Periods.PeriodLength.Quarter, new DateTime(2023, 7, 1), new DateTime(2024, 7, 1));
        var r = Retention.SubscriptionRetention.Compute(data.Subscriptions, grid);
        Assert.All(r.Periods, p => Assert.Equal(alert, p.ChurnAlert));
        // The 30-day restatement recovers the monthly churn the generator draws from, within sampling noise.
        Assert.All(r.Periods, p => Assert.InRange(p.ChurnRate30Days, monthly * 0.75, monthly * 1.25));
    }
}
