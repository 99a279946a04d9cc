using RetentionKit.Customers;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Trust;

/// <summary>The loyalty effect recovers the generator's truth: no effect, +25 %, −20 %.</summary>
public class LoyaltyRecoveryTests
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(1.00, 11)]
    [InlineData(1.25, 12)]
    [InlineData(0.80, 13)]
    public void FrequencyEffect_ConfidenceIntervalContainsTheTruth(double uplift, int seed)
    {
        var data = SyntheticData.Generate(new SyntheticOptions { Customers = 20_000, Seed = seed, LoyaltyFrequencyUplift = uplift });
        var history = OrderHistory.From(data.Transactions);
        var window = new Period(data.Options.Start, data.Options.End);
        var p = LoyaltyProgramme.Evaluate(history, data.Memberships, window);
        var e = p.FrequencyEffect!;
        Assert.Equal(2, e.PseudoJoinOrder); // the generator enrols members at their second order
        Assert.True(e.Lower <= uplift && uplift <= e.Upper, $"truth {uplift}: estimate {e.FrequencyRatio:0.000} ({e.Lower:0.000}–{e.Upper:0.000})");
        Assert.True(e.Upper - e.Lower < 0.15, $"interval too wide to tell: {e.Lower:0.000}–{e.Upper:0.000}");
    }
}
