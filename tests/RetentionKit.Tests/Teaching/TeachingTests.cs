using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Revenue;
using RetentionKit.Teaching;

namespace RetentionKit.Tests.Teaching;

/// <summary>The toy table the notebooks work by hand, the customer movements behind retention, and the exercise checks.</summary>
public class TeachingTests
{
    private static OrderHistory Toy => OrderHistory.From(ToyData.SixCustomers);

    /// <summary>Worked by hand: January's customers are Ann, Ben, Eli, Fay; February's are Ann, Cas, Dee, Eli.</summary>
    [Fact]
    public void SixCustomers_February_AsWorkedByHand()
    {
        var feb = PeriodRetention.Compute(Toy, ToyData.SixCustomersMonths).Periods[1];
        Assert.Equal((4L, 4L, 1L, 2L, 2L, 1L), (feb.S, feb.E, feb.N, feb.Retained, feb.Lost, feb.Reactivated));
        Assert.Equal(0.75, feb.RetentionRate.Value, 12);        // (4 − 1) / 4
        Assert.Equal(0.50, feb.StrictRetentionRate.Value, 12);  // Ann, Eli of 4
        Assert.Equal(0.50, feb.ChurnRate.Value, 12);            // Ben, Fay of 4
        var moves = CustomerMovements.Of(Toy, ToyData.SixCustomersMonths, 1);
        Assert.Equal(["Ann:Retained", "Eli:Retained", "Ben:Lost", "Fay:Lost", "Cas:Reactivated", "Dee:New"],
            moves.Customers.OrderBy(c => c.Movement switch { Movement.Retained => 0, Movement.Lost => 1, Movement.Reactivated => 2, _ => 3 }).ThenBy(c => c.CustomerId, StringComparer.Ordinal).Select(c => $"{c.CustomerId}:{c.Movement}"));
        Assert.Equal((feb.S, feb.E, feb.N), (moves.S, moves.E, moves.N));

        var rev = RevenueRetention.Compute(Toy, ToyData.SixCustomersMonths).Periods[1];
        Assert.Equal((100 + 40) / 300.0, rev.Grr.Value, 12);   // min(150, 100) + min(40, 80); Ben 50 and Fay 70 lost
        Assert.Equal((150 + 40) / 300.0, rev.Nrr.Value, 12);
        Assert.Equal(1 - rev.Grr.Value, rev.RevenueChurn.Value, 12);

        var repeat = RepeatPurchase.Compute(Toy, new Period(new DateTime(2023, 12, 1), ToyData.SixCustomersEnd));
        Assert.Equal(4 / 6.0, repeat.RepeatPurchaseRatio.Value, 12); // Ann, Cas, Eli, Fay
        Assert.Equal(1, repeat.LoyalCustomers);                       // Ann

        var summary = CustomerSummary.From(Toy, TimeUnit.Week, ToyData.SixCustomersEnd);
        int ann = summary.CustomerIds.ToList().IndexOf("Ann"), cas = summary.CustomerIds.ToList().IndexOf("Cas");
        Assert.Equal(2, summary.Frequency[ann]);
        Assert.Equal(71 / 7.0, summary.T[cas], 9); // 2023-12-20 to 2024-02-29, the last day observed
    }

    /// <summary>February: Dee is new (25); Ann 150, Cas 45 and Eli 40 come back. January: Ben 50 and Eli 80 new; Ann 100, Fay 70 back.</summary>
    [Fact]
    public void NewAndReturning_SixCustomers_AsWorkedByHand()
    {
        var r = RetentionKit.Revenue.NewAndReturning.Compute(Toy, ToyData.SixCustomersMonths);
        var (jan, feb) = (r.Periods[0], r.Periods[1]);
        Assert.Equal((1L, 3L, 25.0, 235.0), (feb.NewCustomers, feb.ReturningCustomers, feb.NewRevenue, feb.ReturningRevenue));
        Assert.Equal(235 / 260.0, feb.ReturningRevenueShare.Value, 12);
        Assert.Equal(235 / 3.0, feb.ReturningAov.Value, 12);
        Assert.Equal(25.0, feb.NewAov.Value, 12);
        Assert.Equal((2L, 2L, 130.0, 170.0), (jan.NewCustomers, jan.ReturningCustomers, jan.NewRevenue, jan.ReturningRevenue));
    }

    [Fact]
    public void OpenAnswers_AreCodedByKeyword_AndEveryAnswerIsCountedOnce()
    {
        string?[] answers = ["Too expensive for me", "I found a cheaper offer elsewhere", "The app kept crashing", "price went up", "", null, "moving abroad", "support never answered"];
        var coded = RetentionKit.Surveys.ChurnReasons.Code(answers, [("price", ["expensive", "price", "cheaper"]), ("product problems", ["crash", "bug"]), ("service", ["support", "answer"])]);
        Assert.Equal(6, coded.Reasons.Responses); // blank and missing answers are not answers
        Assert.Equal(3, coded.Reasons.Reasons.Single(r => r.Reason == "price").Count);
        Assert.Equal(["moving abroad"], coded.NotCoded);
        Assert.Equal(1, coded.Reasons.Reasons.Single(r => r.Reason == RetentionKit.Surveys.ChurnReasons.NotCoded).Count);
        Assert.Equal(coded.Reasons.Responses, coded.Reasons.Reasons.Sum(r => r.Count));
    }

    [Fact]
    public void CustomerMovements_AddUpToEveryRetentionRow_OnRealData()
    {
        var a = Analysis.Load(TestData.OnlineRetail);
        var retention = PeriodRetention.Compute(a.History, a.Grid);
        for (int k = 0; k < a.Grid.Periods.Count; k++)
        {
            var m = CustomerMovements.Of(a.History, a.Grid, k);
            var row = retention.Periods[k];
            Assert.Equal((row.S, row.E, row.N, row.Retained, row.Lost, row.Reactivated),
                (m.S, m.E, m.N, m.Count(Movement.Retained), m.Count(Movement.Lost), m.Count(Movement.Reactivated)));
        }
    }

    [Fact]
    public void Segments_SplitTheLines_AndKeepOnlyTheirCustomers()
    {
        var t = TransactionLoader.Load(TestData.OnlineRetail, new LoadOptions { KeepExtraColumns = true }).Transactions;
        var countries = t.ExtraColumns["Country"];
        long total = 0;
        foreach (var country in countries.Distinct())
        {
            var part = t.Segment("Country", country);
            total += part.Count;
            Assert.Equal(countries.Count(c => c == country), part.Count);
            Assert.All(part.ExtraColumns["Country"], c => Assert.Equal(country, c));
        }
        Assert.Equal(t.Count, total);
        var france = t.Segment("Country", "france");
        var expected = Enumerable.Range(0, t.Count).Where(i => countries[i] == "France").Select(t.CustomerIdAt).OfType<string>().Distinct().Count();
        Assert.Equal(expected, france.CustomerIds.Count);
        var e = Assert.Throws<ArgumentException>(() => TransactionLoader.Load(TestData.CdnowSample, LoadOptions.Cdnow).Transactions.Segment("Country", "France"));
        Assert.Contains("KeepExtraColumns", e.Message);
    }

    [Fact]
    public void Analysis_IsWhatTheMetricSuiteUses()
    {
        var t = TransactionLoader.Load(TestData.CdnowSample, LoadOptions.Cdnow).Transactions;
        var a = Analysis.Prepare(t);
        var suite = MetricSuite.Compute(t);
        Assert.Equal(suite.Grid.Length, a.Period);
        Assert.Equal(suite.Grid.Periods, a.Grid.Periods);
        Assert.Equal(suite.Window, a.Window);
        Assert.All(a.Warnings, w => Assert.Contains(w, suite.Warnings));
        Assert.Contains(a.Period.Equals(a.Cycle.RecommendedPeriod) ? "recommended from the cycle" : "stepped down from the recommended", a.ToString());
        var chosen = Analysis.Prepare(t, new SuiteOptions { Period = PeriodLength.Quarter });
        Assert.Equal(PeriodLength.Quarter, chosen.Period);
        Assert.Contains("(chosen)", chosen.ToString());
    }

    [Fact]
    public void EveryExercise_AcceptsTheKitsAnswer_AndRejectsAWrongOne()
    {
        Assert.True(Exercise.Names.Count >= 16);
        foreach (var name in Exercise.Names)
        {
            var right = Solve(name);
            var ok = Exercise.Check(name, right);
            Assert.True(ok.Correct == true, $"{name}: {ok}");
            var wrong = right is PeriodLength p ? (object)(p == PeriodLength.Week ? PeriodLength.Year : PeriodLength.Week) : Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture) + 1;
            var no = Exercise.Check(name, wrong);
            Assert.True(no.Correct == false, $"{name}: {no}");
            if (right is not PeriodLength)
                Assert.DoesNotContain(Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture).ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture), no.Message);
            Assert.Null(Exercise.Check(name, double.NaN).Correct);
            Assert.Null(Exercise.Check(name, null).Correct);
        }
    }

    [Fact]
    public void ARateGivenAsAPercentage_GetsThatHint()
    {
        var r = Exercise.Check("03-toy-january-churn", 100 / 3.0);
        Assert.False(r.Correct);
        Assert.Contains("percentage", r.Message);
    }

    [Fact]
    public void AnUnknownExercise_NamesTheExercises()
    {
        var e = Assert.Throws<ArgumentException>(() => Exercise.Check("03-nope", 1));
        Assert.Contains("03-toy-january-retention", e.Message);
    }

    /// <summary>Each exercise solved the way a student would, with the kit, independent of the checker's own code.</summary>
    private static object Solve(string name)
    {
        var toy = Toy;
        var months = ToyData.SixCustomersMonths;
        var window = new Period(new DateTime(2023, 12, 1), ToyData.SixCustomersEnd);
        var summary = CustomerSummary.From(toy, TimeUnit.Week, ToyData.SixCustomersEnd);
        Lazy<LoadReport> retail = new(() => TransactionLoader.Load(TestData.OnlineRetail).Report);
        return name switch
        {
            "01-purchase-orders" => retail.Value.Orders,
            "01-share-without-customer" => retail.Value.RowsWithoutCustomer / (double)retail.Value.RowsAccepted,
            "02-weekly-period" => PeriodLength.Month,      // 21 days
            "02-six-weekly-period" => PeriodLength.HalfYear, // 135 days
            "03-toy-january-retention" => (4 - 2) / 3.0,     // E: Ann, Ben, Eli, Fay; N: Ben, Eli; S: Ann, Cas, Fay
            "03-toy-january-churn" => 1 / 3.0,               // Cas
            "04-toy-january-grr" => (60 + 20) / 110.0,       // min(100, 60) + min(0, 30) + min(70, 20)
            "04-toy-january-nrr" => (100 + 70) / 110.0,
            "05-toy-jan-feb-repeat-ratio" => 2 / 6.0,        // Ann, Eli of six
            "05-toy-dec-jan-repeat-ratio" => 2 / 5.0,        // Ann, Fay of Ann, Ben, Cas, Eli, Fay
            "06-toy-fay-frequency" => 1,
            "06-toy-fay-recency" => 50 / 7.0,                // 2023-12-11 to 2024-01-30
            "07-toy-days-silent" => 46,                      // 2024-01-15 to 2024-03-01
            "07-gap-ratio" => 2.5,
            "08-nps" => 10.0,                                // 4 promoters, 3 detractors of 10
            "08-csat" => 5 / 8.0,
            _ => throw new InvalidOperationException($"no solution written for {name}"),
        };
    }
}
