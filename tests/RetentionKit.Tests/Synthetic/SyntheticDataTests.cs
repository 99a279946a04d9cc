using RetentionKit.Data;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Synthetic;

/// <summary>The generator is deterministic and its output recovers the ground truth it documents.</summary>
public class SyntheticDataTests
{
    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
    }

    /// <summary>Per customer, the distinct order days (purchases only).</summary>
    private static Dictionary<int, List<DateTime>> OrderDays(Transactions t)
    {
        var days = new Dictionary<int, SortedSet<DateTime>>();
        for (int i = 0; i < t.Count; i++)
        {
            if (t.IsReturn[i] || t.CustomerCodes[i] < 0) continue;
            if (!days.TryGetValue(t.CustomerCodes[i], out var set)) days[t.CustomerCodes[i]] = set = new SortedSet<DateTime>();
            set.Add(t.Timestamps[i].Date);
        }
        return days.ToDictionary(p => p.Key, p => p.Value.ToList());
    }

    [Fact]
    public void Generate_SameSeed_GivesIdenticalData()
    {
        var o = new SyntheticOptions { Customers = 500, Seed = 7 };
        var a = SyntheticData.Generate(o);
        var b = SyntheticData.Generate(o);
        Assert.Equal(a.Transactions.Count, b.Transactions.Count);
        Assert.Equal(a.Transactions.Amounts.ToArray(), b.Transactions.Amounts.ToArray());
        Assert.Equal(a.Transactions.Timestamps.ToArray(), b.Transactions.Timestamps.ToArray());
        Assert.Equal(a.Subscriptions, b.Subscriptions);
        Assert.Equal(a.Invoices, b.Invoices);
        Assert.Equal(a.Surveys, b.Surveys);
        Assert.Equal(a.Memberships, b.Memberships);
        Assert.NotEqual(a.Transactions.Amounts.ToArray(), SyntheticData.Generate(o with { Seed = 8 }).Transactions.Amounts.ToArray());
    }

    [Fact]
    public void Generate_HomogeneousCustomers_RecoverThePurchaseCycle()
    {
        // With every customer on the same cycle and no loyalty uplift, the pooled median interval is the cycle.
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions
        {
            Customers = 4_000, PurchaseCycleDays = 30, CycleHeterogeneity = 1e6, LoyaltyJoinProbability = 0, DropoutProbability = 0.05,
        });
        var gaps = OrderDays(t).Values.SelectMany(d => d.Zip(d.Skip(1), (x, y) => (y - x).TotalDays)).ToList();
        Assert.InRange(Median(gaps), 29, 31);
    }

    [Fact]
    public void Generate_LongWindow_OrdersPerCustomerFollowTheDropout()
    {
        // Leaving after each order with p = 0.2 makes the order count geometric with mean 1/p = 5,
        // when the window is long enough that nobody is cut off.
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions
        {
            Customers = 20_000, DropoutProbability = 0.2, PurchaseCycleDays = 3, End = new DateTime(2123, 1, 1), AcquisitionWindowShare = 0.01,
            LoyaltyJoinProbability = 0,
        });
        double mean = OrderDays(t).Values.Average(d => d.Count);
        Assert.InRange(mean, 4.85, 5.15); // sd of the mean ≈ sqrt(20)/sqrt(20000) ≈ 0.03
    }

    [Fact]
    public void Generate_MeanOrderValue_IsTheSpendParameter()
    {
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 5_000, MeanOrderValue = 80, ReturnProbability = 0 });
        var perOrder = new Dictionary<int, double>();
        for (int i = 0; i < t.Count; i++) perOrder[t.OrderCodes[i]] = perOrder.GetValueOrDefault(t.OrderCodes[i]) + t.Amounts[i];
        Assert.InRange(perOrder.Values.Average(), 80 * 0.96, 80 * 1.04);
    }

    [Fact]
    public void Generate_Surveys_CarryTheTrueNpsAndCsat()
    {
        var d = SyntheticData.Generate(new SyntheticOptions { Customers = 30_000, Subscribers = 10 });
        var nps = d.Surveys.Where(s => s.Nps is not null).Select(s => s.Nps!.Value).ToList();
        double score = 100.0 * (nps.Count(x => x >= 9) - nps.Count(x => x <= 6)) / nps.Count;
        Assert.InRange(score, 15 - 2, 15 + 2); // truth: 40 % promoters − 25 % detractors; sd ≈ 0.8 points
        double csat = d.Surveys.Where(s => s.Csat is not null).Average(s => s.Csat >= 4 ? 1.0 : 0.0);
        Assert.InRange(csat, 0.68, 0.72);
    }

    [Fact]
    public void Generate_Subscriptions_ChurnAtTheMonthlyRate()
    {
        var d = SyntheticData.Generate(new SyntheticOptions { Customers = 0, Subscribers = 20_000, MonthlySubscriptionChurn = 0.05 });
        // Months survived is geometric; the share ending after exactly one month estimates the monthly churn.
        double firstMonth = d.Subscriptions.Count(s => s.End is { } e && e == s.Start.AddMonths(1)) / (double)d.Subscriptions.Count;
        Assert.InRange(firstMonth, 0.045, 0.055);
        Assert.All(d.Subscriptions, s => Assert.True(s.End is null || s.End < d.Options.End));
        Assert.Equal(d.Subscriptions.Count(s => s.End is not null), d.Surveys.Count(s => s.ChurnReason is not null));
    }

    [Fact]
    public void Generate_Returns_AreMarkedAndFollowTheirOrder()
    {
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 2_000, ReturnProbability = 0.1 });
        int returns = 0;
        for (int i = 0; i < t.Count; i++)
        {
            if (!t.IsReturn[i]) continue;
            returns++;
            Assert.True(t.Quantities[i] < 0);
            Assert.StartsWith("C", t.OrderIds[t.OrderCodes[i]]);
        }
        double share = returns / (double)t.Count;
        Assert.InRange(share, 0.07, 0.10); // 10 % of purchase lines, minus those that would fall after the end
    }

    [Fact]
    public void WriteCsv_ThenLoad_RoundTrips()
    {
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 300, MissingCustomerShare = 0.1 });
        var path = Path.Combine(Path.GetTempPath(), $"rk-{Guid.NewGuid()}.csv.gz");
        try
        {
            TransactionWriter.WriteCsv(t, path);
            var (back, report) = TransactionLoader.Load(path);
            Assert.Equal(t.Count, report.RowsAccepted);
            Assert.Equal(t.Amounts.ToArray(), back.Amounts.ToArray());
            Assert.Equal(t.IsReturn.ToArray(), back.IsReturn.ToArray());
            Assert.Equal(t.Timestamps.ToArray(), back.Timestamps.ToArray());
            Assert.True(report.RowsWithoutCustomer > 0);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ForRows_ScalesCustomersToTheTarget()
    {
        var o = SyntheticData.ForRows(100_000);
        var t = SyntheticData.GenerateTransactions(o);
        Assert.InRange(t.Count, 85_000, 115_000);
    }
}
