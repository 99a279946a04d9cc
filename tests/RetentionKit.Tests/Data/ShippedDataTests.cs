using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>The shipped files load to the counts verified in data/README.md.</summary>
public class ShippedDataTests
{
    [Fact]
    public void Load_OnlineRetail_MatchesVerifiedCounts()
    {
        var r = TransactionLoader.Load(TestData.OnlineRetail).Report;
        Assert.Equal(541_909, r.RowsRead);
        Assert.Equal(541_909, r.RowsAccepted);
        Assert.Equal(0, r.RowsRejected);
        Assert.Equal(135_080, r.RowsWithoutCustomer);
        Assert.Equal(5_268, r.DuplicateRows);
        Assert.Equal(4_372, r.Customers);
        Assert.Equal(18_536, r.Orders);                  // identified customers' purchase invoices (spec §0), not every invoice number
        Assert.Equal(3_654, r.ReturnInvoices);
        Assert.Equal(3_710, r.InvoicesWithoutCustomer);  // 18,536 + 3,654 + 3,710 = the file's 25,900 invoice numbers
        Assert.Equal(9_288 + 1_336 + 2, r.ReturnRows); // C lines + negative-quantity adjustments + the two negative "A" bad-debt lines
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), r.FirstTimestamp);
        Assert.Equal(new DateTime(2011, 12, 9, 12, 50, 0), r.LastTimestamp);
        Assert.Equal(9_747_747.93, r.NetRevenue, 2);
    }

    [Fact]
    public void Load_OnlineRetail_DropDuplicates_RejectsExactlyTheDuplicates()
    {
        var r = TransactionLoader.Load(TestData.OnlineRetail, new LoadOptions { DropDuplicates = true }).Report;
        Assert.Equal(536_641, r.RowsAccepted); // pandas drop_duplicates() gives the same
        Assert.Equal(5_268, r.RowsRejected);
        Assert.True(r.Reconciles);
    }

    [Fact]
    public void Load_CdnowMaster_WithHeader_MatchesVerifiedCounts()
    {
        var r = TransactionLoader.Load(TestData.CdnowMaster, LoadOptions.Cdnow).Report;
        Assert.Equal(69_659, r.RowsRead);
        Assert.Equal(69_659, r.RowsAccepted);
        Assert.Equal(23_570, r.Customers);
        Assert.Equal(67_591, r.Orders); // no order ids: an order is a (customer, day)
        Assert.Equal(2_500_315.63, r.NetRevenue, 2);
        Assert.Equal(new DateTime(1997, 1, 1), r.FirstTimestamp);
        Assert.Equal(new DateTime(1998, 6, 30), r.LastTimestamp);
    }

    [Fact]
    public void Load_CdnowSample_Headerless_UsesMasterIdAsCustomer()
    {
        var result = TransactionLoader.Load(TestData.CdnowSample, LoadOptions.Cdnow);
        Assert.Equal(6_919, result.Report.RowsRead);
        Assert.Equal(2_357, result.Report.Customers);
        Assert.Equal(6_696, result.Report.Orders);
        Assert.Equal("master_id", result.Report.ColumnMapping["customer id"]);
        Assert.All(result.Transactions.CustomerIds, id => Assert.Equal(5, id.Length)); // master ids are 5 digits, sample ids 4
    }
}

public class ShippedDataFinderTests
{
    [Fact]
    public void Find_FromANestedFolder_FindsTheDataFolderAbove()
    {
        var nested = Path.Combine(TestData.Root, "notebooks");
        Assert.Equal(Path.Combine(TestData.Root, "data", "cdnow", "CDNOW_sample.txt"), RetentionKit.Data.ShippedData.Find(RetentionKit.Data.ShippedData.CdnowSample, nested));
    }

    [Fact]
    public void Find_Missing_SaysWhereItLooked()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RetentionKit.Data.ShippedData.Find("nope.csv", Path.GetTempPath()));
        Assert.Contains("data/nope.csv", e.Message);
    }
}
