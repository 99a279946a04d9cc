using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>Customer ids that are one number written two ways are found and named; ids that are not, are left alone.</summary>
public class NumericIdsTests
{
    [Fact]
    public void Collisions_NameEachGroupOfOneNumber_InFirstSeenOrder()
    {
        string[] ids = ["17850", "abc", "045", "0123", "12346", "123", "45", "123.0", "7", "C7", "0"];
        var warning = NumericIds.Collisions(ids);
        Assert.Equal("2 groups of customer ids differ only in how the number is written ('045', '45'; '0123', '123', '123.0'), " +
                     "so they count as different customers. If they are the same customer, load with --normalize-ids.", warning);
    }

    [Fact]
    public void Collisions_AreNone_WhenEveryNumberIsWrittenOneWay()
    {
        Assert.Null(NumericIds.Collisions(["17850", "12346", "abc", "0", "C536379", "85123A"]));
        // Unusual forms alone, each of a different number, collide with nothing.
        Assert.Null(NumericIds.Collisions(["0123", "456.0", "789", "0012"]));
        Assert.Null(NumericIds.Collisions([]));
    }
}
