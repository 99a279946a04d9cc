using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.EarlyWarning;
using RetentionKit.Synthetic;
using Xunit.Abstractions;

namespace RetentionKit.Tests.Trust;

/// <summary>
/// The early warning on the generator, which knows who left: at an as-of date the targets are customers who have
/// already made their final order within the last three cycles (gone, but a warning could still reach them).
/// </summary>
public class EarlyWarningRecoveryTests(ITestOutputHelper log)
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void EarlyWarning_BeatsTheNinetyDayRule_OnPrecisionAndRecall(int seed, bool withModel)
    {
        var data = SyntheticData.Generate(new SyntheticOptions { Customers = 8_000, Seed = seed });
        var history = OrderHistory.From(data.Transactions);
        var asOf = data.Options.End.AddDays(-180);
        var targets = data.RecentDropouts(asOf, 3 * data.Options.PurchaseCycleDays);
        var options = new AtRiskOptions();
        if (withModel) options = options with { Fit = BgNbd.Fit(CustomerSummary.From(history, TimeUnit.Week, asOf)), FitUnitDays = 7 };
        var e = WarningEvaluation.Evaluate(history, asOf, targets, options);
        log.WriteLine(e.ToString());
        Assert.True(targets.Count > 300);
        // A fixed 90-day silence comes after a 30-day-cycle customer has lapsed: it catches none of them in reach.
        Assert.True(e.Kit.Precision.Value > e.Naive.Precision.Value, e.ToString());
        Assert.True(e.Kit.Recall.Value > e.Naive.Recall.Value, e.ToString());
        // At the kit's threshold for everyone (1.5 typical cycles) a fixed rule catches more, but mostly flags the wrong
        // customers: the per-customer rhythm and leaving lapsed customers out more than double the precision.
        Assert.True(e.Kit.Precision.Value > 2 * e.NaiveAtKitThreshold.Precision.Value, e.ToString());
        if (withModel) Assert.All(AtRiskCustomers.Find(history, asOf, options).Customers, c => Assert.InRange(c.ProbabilityAlive, 0, 1));
    }

    [Fact]
    public void EveryCustomerIsChecked_AndFewOrderCustomersUseTheTypicalCycle()
    {
        // a: one order 50 days before the as-of date; the typical cycle (b's and c's) is 20 days: 2.5× overdue, not lapsed.
        var t = RetentionKit.Data.Transactions.FromRows(
        [
            Metrics.Hand.Buy("a", "1", "2024-03-01", 10),
            .. Enumerable.Range(0, 6).Select(i => Metrics.Hand.Buy("b", "b" + i, new DateTime(2024, 1, 1).AddDays(20 * i).ToString("yyyy-MM-dd"), 10)),
            .. Enumerable.Range(0, 8).Select(i => Metrics.Hand.Buy("c", "k" + i, new DateTime(2024, 1, 1).AddDays(20 * i).ToString("yyyy-MM-dd"), 10)),
            Metrics.Hand.Buy("z", "z1", "2023-01-01", 10), // long gone: lapsed, counted apart
        ]);
        var list = AtRiskCustomers.Find(OrderHistory.From(t), new DateTime(2024, 4, 20));
        Assert.True(list.CustomersChecked == 4, list + "\n" + string.Join("\n", list.Customers));
        Assert.Equal(1, list.Lapsed);
        var a = Assert.Single(list.Customers, x => x.CustomerId == "a");
        Assert.Equal("typical customer's cycle", a.Rule);
        Assert.Equal(WarningAction.Remind, a.Action);
        Assert.DoesNotContain(list.Customers, x => x.CustomerId == "z");
        Assert.Contains("already lapsed", list.ToString());
    }
}
