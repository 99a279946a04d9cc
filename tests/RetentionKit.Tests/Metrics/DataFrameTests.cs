using RetentionKit.Clv;
using RetentionKit.Repeat;
using RetentionKit.Surveys;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

/// <summary>Every result shows itself as a table.</summary>
public class DataFrameTests
{
    [Fact]
    public void RepeatPurchase_ToDataFrame_CarriesCountsAndReasons()
    {
        var df = RepeatPurchase.Compute(History(), Months().Window, withinDays: 90).ToDataFrame();
        Assert.Equal("repeat purchase ratio", df["Measure"][0]);
        Assert.Equal(0.75, (double)df["Value"][0]!, 12);
        Assert.Equal(3.0, df["Numerator"][0]);
        Assert.Equal(4.0, df["Denominator"][0]);
        Assert.Contains("at least 90 days", (string)df["UndefinedReason"][2]!); // the within-90-days rate is undefined here
    }

    [Fact]
    public void Surveys_ToDataFrame()
    {
        var nps = NetPromoterScore.Compute([10, 9, 9, 8, 7, 6, 0, 10, 3, 9]).ToDataFrame();
        Assert.Equal(3L, nps["Responses"][0]);
        Assert.Equal(0.5, (double)nps["Share"][2]!, 12);
        var csat = CustomerSatisfaction.Compute([5, 4, 3, 1, 4]).ToDataFrame();
        Assert.Equal(2L, csat["Responses"][3]);
        Assert.Equal(true, csat["Satisfied"][4]);
    }

    [Fact]
    public void Fits_ToDataFrame_ListEstimatesWithStandardErrors()
    {
        var s = Clv.BgNbdTests.CdnowCalibration();
        var bg = BgNbd.Fit(s).ToDataFrame();
        Assert.Equal("alpha", bg["Parameter"][1]);
        Assert.Equal(4.414, (double)bg["Estimate"][1]!, 3);
        Assert.True((double)bg["StandardError"][1]! > 0);
        var gg = GammaGamma.Fit(s).ToDataFrame();
        Assert.Equal(3, gg.Rows.Count);
    }
}
