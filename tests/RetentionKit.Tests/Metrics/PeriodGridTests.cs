using RetentionKit.Periods;
using static RetentionKit.Tests.Metrics.Hand;

namespace RetentionKit.Tests.Metrics;

public class PeriodGridTests
{
    [Theory]
    [InlineData("week", "2024-01-03", "2024-01-01")]     // a Wednesday: ISO weeks start on Monday
    [InlineData("month", "2024-02-29", "2024-02-01")]
    [InlineData("quarter", "2024-05-20", "2024-04-01")]
    [InlineData("half-year", "2024-09-30", "2024-07-01")]
    [InlineData("year", "2024-12-31", "2024-01-01")]
    public void AlignDown_FindsCalendarStart(string unit, string date, string expected) =>
        Assert.Equal(D(expected), PeriodLength.Parse(unit).AlignDown(D(date)));

    [Theory]
    [InlineData("14d", 14)]
    [InlineData("30", 30)]
    [InlineData("7 days", 7)]
    public void Parse_CustomDays(string text, int days) => Assert.Equal(days, PeriodLength.Parse(text).CustomDays);

    [Fact]
    public void Parse_Unknown_NamesTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => PeriodLength.Parse("fortnight"));
        Assert.Contains("week, month, quarter", e.Message);
    }

    [Fact]
    public void Create_LeavesOutPartialPeriodsWithWarnings()
    {
        var g = PeriodGrid.Create(PeriodLength.Month, D("2010-12-01"), D("2011-12-10"));
        Assert.Equal(12, g.Periods.Count);
        Assert.Equal(D("2011-12-01"), g.Window.End);
        Assert.Contains(g.Warnings, w => w.Contains("[2011-12-01, 2012-01-01)") && w.Contains("left out"));
        Assert.Equal(new Period(D("2010-11-01"), D("2010-12-01")), g.BasePeriod);
    }

    [Fact]
    public void Create_PartialFirstPeriod_StartsAtNextBoundary()
    {
        var g = PeriodGrid.Create(PeriodLength.Month, D("2024-01-15"), D("2024-04-01"));
        Assert.Equal(D("2024-02-01"), g.Periods[0].Start);
        Assert.Contains(g.Warnings, w => w.Contains("partial month"));
    }

    [Theory]
    [InlineData("2024-01-31 23:59:59", 0)]
    [InlineData("2024-02-01 00:00:00", 1)]  // start inclusive
    [InlineData("2024-03-31 23:59:59", 2)]
    [InlineData("2024-04-01 00:00:00", PeriodGrid.After)] // end exclusive
    [InlineData("2023-12-15 00:00:00", -1)] // the base period
    [InlineData("2023-11-30 00:00:00", PeriodGrid.Before)]
    public void IndexOf_StartInclusiveEndExclusive(string instant, int expected) =>
        Assert.Equal(expected, Months().IndexOf(D(instant)));

    [Fact]
    public void Create_CustomLength_CountsFromWindowStart()
    {
        var g = PeriodGrid.Create(PeriodLength.Days(10), D("2024-01-03"), D("2024-02-03"));
        Assert.Equal([D("2024-01-03"), D("2024-01-13"), D("2024-01-23")], g.Periods.Select(p => p.Start));
    }

    [Fact]
    public void Create_EmptyWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => PeriodGrid.Create(PeriodLength.Month, D("2024-02-01"), D("2024-02-01")));
}
