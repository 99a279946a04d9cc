using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Receivables;
using RetentionKit.Retention;
using RetentionKit.Surveys;
using RetentionKit.Survival;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

public class OtherTablesTests
{
    private static readonly Subscription[] Subs =
    [
        new("s1", D("2023-12-01"), null, 10),               // active throughout
        new("s2", D("2023-12-15"), D("2024-01-20"), 20),    // lost in January
        new("s3", D("2024-01-10"), D("2024-01-25"), 30),    // new and lost within January
        new("s4", D("2024-01-05"), null, 40),               // new in January, still active
        new("s5", D("2023-11-01"), D("2024-02-01"), 50),    // ends exactly at February's start: not active at January's end
    ];

    [Fact]
    public void SubscriptionRetention_January_ExactIdentity()
    {
        var jan = SubscriptionRetention.Compute(Subs, Months()).Periods[0];
        // Start: s1, s2, s5. End (Feb 1): s1, s4. New: s3, s4. Lost: s2, s5 (from S) and s3 (new).
        Assert.Equal((3L, 2L, 2L, 3L, 2L), (jan.S, jan.E, jan.N, jan.Lost, jan.LostFromStart));
        Assert.Equal(jan.E, jan.S - jan.Lost + jan.N);
        Assert.Equal(0.0, jan.RetentionRate.Value, 12);          // (2 − 2) / 3
        Assert.Equal(2.0 / 3, jan.ChurnRate.Value, 12);
        Assert.Equal(80, jan.MrrStart);                          // 10 + 20 + 50
        Assert.Equal(70.0 / 80, jan.MrrChurn.Value, 12);
        Assert.Equal(10.0 / 80, jan.NetMrrRetention.Value, 12);
    }

    [Fact]
    public void SubscriptionRetention_EndBeforeStart_NamesTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SubscriptionRetention.Compute([Subs[0], new("bad", D("2024-02-01"), D("2024-01-01"), 5)], Months()));
        Assert.Contains("row 2", e.Message);
    }

    [Fact]
    public void KaplanMeier_TextbookExample()
    {
        // Durations 3, 5+ (censored), 6, 6, 8+, 10: S(3) = 5/6, S(6) = 5/6 × 2/4, S(10) = 0.
        var km = KaplanMeier.FitDurations([(3, true), (5, false), (6, true), (6, true), (8, false), (10, true)]);
        Assert.Equal(5.0 / 6, km.At(3), 12);
        Assert.Equal(5.0 / 6, km.At(5.5), 12);
        Assert.Equal(5.0 / 12, km.At(6), 12);
        Assert.Equal(0, km.At(10), 12);
        Assert.Equal(6, km.MedianDays);
        var six = km.Steps.Single(s => s.Days == 6);
        Assert.Equal((4L, 2L), (six.AtRisk, six.Events));
        Assert.InRange(six.Lower, 0, six.Survival);
        Assert.InRange(six.Upper, six.Survival, 1);
    }

    [Fact]
    public void KaplanMeier_OpenSubscriptions_AreCensoredAtObservationEnd()
    {
        var km = KaplanMeier.Fit(Subs, D("2024-04-01"));
        Assert.Equal(5, km.Subscriptions);
        Assert.Equal(3, km.Ended);
        Assert.Equal(2, km.Steps.Sum(s => s.Censored));
    }

    [Fact]
    public void Nps_CountsPromotersMinusDetractors()
    {
        var nps = NetPromoterScore.Compute([10, 9, 9, 8, 7, 6, 0, 10, 3, 9]);
        // 5 promoters, 2 passives, 3 detractors of 10: 50 − 30 = 20.
        Assert.Equal((5L, 2L, 3L), (nps.Promoters, nps.Passives, nps.Detractors));
        Assert.Equal(20, nps.Score, 12);
    }

    [Fact]
    public void Nps_OutOfScale_NamesTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => NetPromoterScore.Compute(
            [new SurveyResponse("a", D("2024-01-01"), Nps: 9), new SurveyResponse("b", D("2024-01-02"), Nps: 11)]));
        Assert.Contains("row 2", e.Message);
        Assert.Contains("0 to 10", e.Message);
    }

    [Fact]
    public void Nps_NoResponses_IsNaN() => Assert.True(double.IsNaN(NetPromoterScore.Compute(Array.Empty<int>()).Score));

    [Fact]
    public void Csat_SharesOfFourAndFive()
    {
        var c = CustomerSatisfaction.Compute([5, 4, 3, 1, 4]);
        Assert.Equal(0.6, c.Score.Value, 12);
        Assert.Throws<ArgumentException>(() => CustomerSatisfaction.Compute([0]));
    }

    [Fact]
    public void ChurnReasons_SortedWithShares()
    {
        var r = ChurnReasons.Compute(
        [
            new("a", D("2024-01-01"), ChurnReason: "Price"), new("b", D("2024-01-01"), ChurnReason: "price "),
            new("c", D("2024-01-01"), ChurnReason: "Service"), new("d", D("2024-01-01"), ChurnReason: ""),
        ]);
        Assert.Equal(3, r.Responses);
        Assert.Equal("Price", r.Reasons[0].Reason);
        Assert.Equal(2.0 / 3, r.Reasons[0].Share, 12);
        Assert.Equal(1.0, r.Reasons[^1].CumulativeShare, 12);
    }

    [Fact]
    public void Dso_BothDefinitions()
    {
        Invoice[] invoices =
        [
            new("i1", "A", D("2024-01-05"), D("2024-02-04"), 100, D("2024-01-25")), // paid in January after 20 days
            new("i2", "B", D("2024-01-20"), D("2024-02-19"), 300, D("2024-02-10")), // open at January's end
            new("i3", "C", D("2023-12-20"), D("2024-01-19"), 200, D("2024-01-19")), // paid in January after 30 days
        ];
        var jan = DaysSalesOutstanding.Compute(invoices, Months()).Periods[0];
        Assert.Equal(400, jan.CreditSales);
        Assert.Equal(300, jan.OpenReceivables);
        Assert.Equal(300.0 / 400 * 31, jan.Dso, 9);
        Assert.Equal((100 * 20 + 200 * 30) / 300.0, jan.WeightedDaysToPay, 9);
        var mar = DaysSalesOutstanding.Compute(invoices, Months()).Periods[2];
        Assert.True(double.IsNaN(mar.Dso));
        Assert.Contains(mar.Warnings, w => w.Contains("no credit sales"));
    }
}
