using System.Text;
using RetentionKit.Data;
using static RetentionKit.Tests.Data.LoaderTestKit;

namespace RetentionKit.Tests.Data;

public class LoaderRulesTests
{
    private const string Header = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n";

    [Fact]
    public void Load_BomAndCrlf_AreHandled()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("customer_id,order_date,amount\r\nA,2023-01-02,10\r\nB,2023-01-03,5\r\n")).ToArray();
        var r = LoadBytes(bytes);
        Assert.Equal(2, r.Report.RowsAccepted);
        Assert.Equal("customer_id", r.Report.ColumnMapping["customer id"]); // the BOM did not stick to the first header
        Assert.Equal("B", r.Transactions.CustomerIdAt(1));
    }

    [Fact]
    public void Load_QuotedDelimitersAndNewlines_KeepFieldsAndPhysicalLineNumbers()
    {
        var text = "customer,date,amount,note\n" +
                   "A,2023-01-02,10,\"a, b\"\n" +
                   "B,2023-01-03,5,\"two\nlines\"\n" +
                   "C,not-a-date,5,x\n";
        var r = LoadText(text, new LoadOptions { KeepExtraColumns = true });
        Assert.Equal(3, r.Report.RowsRead);
        Assert.Equal("a, b", r.Transactions.ExtraColumns["note"][0]);
        Assert.Equal("two\nlines", r.Transactions.ExtraColumns["note"][1]);
        Assert.Equal(5, Assert.Single(r.Report.Rejections).Line); // the quoted newline pushed C to line 5
    }

    [Fact]
    public void Load_CamelAndSnakeCaseHeaders_AreDetected()
    {
        var r = LoadText("customerId,orderId,orderDate,quantity,unitPrice,productId\nA,1,2023-01-01,2,3.5,P1\n");
        Assert.Equal(7.0, r.Transactions.Amounts[0]);
        Assert.Equal(new[] { "customer id", "order id", "date", "quantity", "unit price", "product id" }, r.Report.ColumnMapping.Keys);
    }

    [Theory]
    [InlineData("Online Retail II", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country")]
    [InlineData("Online Retail (UCI)", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country")]
    [InlineData("snake_case", "invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country")]
    public void Load_OnlineRetailHeaderVariants_MapAllColumns(string label, string header)
    {
        _ = label;
        var r = LoadText(header + "\n536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n");
        Assert.Equal(15.3, r.Transactions.Amounts[0], 9);
        Assert.Equal("536365", r.Transactions.OrderIds[0]);
        Assert.Equal("85123A", r.Transactions.ProductIds[0]);
        Assert.Equal("17850", r.Transactions.CustomerIds[0]);
    }

    [Theory]
    [InlineData("semicolon", ';')]
    [InlineData("tab", '\t')]
    [InlineData("pipe", '|')]
    public void Load_Delimiter_IsSniffed(string label, char d)
    {
        _ = label;
        var r = LoadText($"customer{d}date{d}amount\nA{d}2023-01-01{d}1.5\nB{d}2023-01-02{d}2\n");
        Assert.Equal(d, r.Report.Delimiter);
        Assert.Equal(2, r.Report.RowsAccepted);
    }

    [Fact]
    public void Load_Returns_FollowTheSpecRule()
    {
        var r = LoadText(Header +
            "C536379,D,-1,2010-12-01 09:41:00,27.5,14527\n" +     // cancellation id
            "536380,22961,-3,2010-12-01 09:41:00,1.45,17809\n" +   // negative quantity
            "A563185,B,1,2011-08-12 14:50:00,-11062.06,\n" +       // negative amount
            "536381,22139,2,2010-12-01 09:41:00,4.25,15311\n" +    // a purchase
            "CA-2017-1,X,1,2017-01-01 00:00:00,10,9\n");           // C then a letter: not a cancellation
        Assert.Equal(new[] { true, true, true, false, false }, r.Transactions.IsReturn.ToArray());
        Assert.Equal(3, r.Report.ReturnRows);
    }

    [Fact]
    public void Load_ExplicitReturnFlag_IsReadAndCombinedWithTheRule()
    {
        var r = LoadText("customer,date,amount,is_return\nA,2023-01-01,5,yes\nB,2023-01-01,5,0\nC,2023-01-01,-5,false\nD,2023-01-01,5,maybe\n");
        Assert.Equal(new[] { true, false, true }, r.Transactions.IsReturn.ToArray());
        Assert.Equal("is_return", Assert.Single(r.Report.Rejections).Column);
    }

    [Fact]
    public void Load_RowsWithoutCustomer_AreKeptForRevenueAndCounted()
    {
        var r = LoadText("customer,date,amount\nA,2023-01-01,5\n,2023-01-01,7\n  ,2023-01-02,1\n");
        Assert.Equal(3, r.Report.RowsAccepted);
        Assert.Equal(2, r.Report.RowsWithoutCustomer);
        Assert.Equal(1, r.Report.Customers);
        Assert.Equal(13.0, r.Report.NetRevenue);
        Assert.Null(r.Transactions.CustomerIdAt(1));
    }

    [Fact]
    public void Load_WithoutOrderIds_AnOrderIsACustomerDay()
    {
        var r = LoadText("customer,date,amount\nA,2023-01-01 09:00,5\nA,2023-01-01 17:00,5\nA,2023-01-02,5\nB,2023-01-01,5\n");
        Assert.Equal(3, r.Report.Orders);
    }

    [Fact]
    public void Load_ExactDuplicates_AreCountedAndKeptByDefault()
    {
        const string text = "customer,date,amount\nA,2023-01-01,5\nA,2023-01-01,5\nA,2023-01-01,6\nA,2023-01-01,5\n";
        var kept = LoadText(text).Report;
        Assert.Equal(2, kept.DuplicateRows);
        Assert.Equal(4, kept.RowsAccepted);
        var dropped = LoadText(text, new LoadOptions { DropDuplicates = true }).Report;
        Assert.Equal(2, dropped.DuplicateRows);
        Assert.Equal(2, dropped.RowsAccepted);
        Assert.Equal(2, dropped.RowsRejected);
        Assert.Equal("duplicates line 2", dropped.Rejections[0].Reason);
        Assert.Equal(3, dropped.Rejections[0].Line);
        Assert.True(dropped.Reconciles);
    }

    [Fact]
    public void Load_EachKindOfRejection_IsListedWithLineColumnValueReason()
    {
        var r = LoadText(Header +
            "536365,85123A,6,2010-12-01 08:26:00,2.55,17850\n" +
            "536366,85123A,six,2010-12-01 08:26:00,2.55,17850\n" +
            "536367,85123A,6,2010-13-01 08:26:00,2.55,17850\n" +
            "536368,85123A,6,2010-12-01 08:26:00,,17850\n" +
            "536369,85123A,6,2010-12-01 08:26:00,2.55\n" +
            "536370,85123A,6,2010-12-01 08:26:00,2.55,17850,extra\n");
        var rep = r.Report;
        Assert.Equal(6, rep.RowsRead);
        Assert.Equal(1, rep.RowsAccepted);
        Assert.Equal(5, rep.RowsRejected);
        Assert.Equal(new Rejection(3, "Quantity", "six", rep.Rejections[0].Reason), rep.Rejections[0]);
        Assert.Equal((4L, "InvoiceDate", "2010-13-01 08:26:00"), (rep.Rejections[1].Line, rep.Rejections[1].Column, rep.Rejections[1].Value));
        Assert.Equal((5L, "UnitPrice", "is empty"), (rep.Rejections[2].Line, rep.Rejections[2].Column, rep.Rejections[2].Reason));
        Assert.Equal((6L, "(row)"), (rep.Rejections[3].Line, rep.Rejections[3].Column));
        Assert.Contains("has 5 fields; the header has 6", rep.Rejections[3].Reason);
        Assert.Contains("has 7 fields", rep.Rejections[4].Reason);
        Assert.True(rep.Reconciles);
    }

    [Fact]
    public void Load_ManyRejections_AreAllCountedButOnlyTheFirstListed()
    {
        var sb = new StringBuilder("customer,date,amount\n");
        for (int i = 0; i < 250; i++) sb.Append("A,bad,1\n");
        var r = LoadText(sb.ToString()).Report;
        Assert.Equal(250, r.RowsRejected);
        Assert.Equal(100, r.Rejections.Count);
        Assert.Equal(250, r.RejectionCounts.Values.Sum());
    }

    [Fact]
    public void Load_Strict_StopsAtTheFirstBadRowNamingFileLineAndColumn()
    {
        var e = Assert.Throws<TransactionLoadException>(() =>
            LoadText("customer,date,amount\nA,2023-01-01,1\nB,2023-01-01,x\n", new LoadOptions { Strict = true }, "sales.csv"));
        Assert.Equal(3, e.Line);
        Assert.Equal("amount", e.Column);
        Assert.StartsWith("sales.csv, line 3, column 'amount': 'x' is not a number", e.Message);
    }

    [Fact]
    public void Load_BlankLines_AreSkippedAndCountedApart()
    {
        var r = LoadText("customer,date,amount\n\nA,2023-01-01,1\n\n\nB,2023-01-01,x\n\n").Report;
        Assert.Equal(2, r.RowsRead);
        Assert.True(r.BlankLines >= 3);
        Assert.Equal(6, r.Rejections[0].Line);
    }

    [Fact]
    public void Load_Gzip_IsDetectedByContentNotName()
    {
        var r = LoadBytes(Gzip("customer,date,amount\nA,2023-01-01,1\n"), name: "export.dat");
        Assert.Equal(1, r.Report.RowsAccepted);
    }

    [Fact]
    public void Load_ForeignHeaders_WithExplicitMapping()
    {
        var r = LoadText("Kundenr,Fakturadato,Beløb\n42,2023-05-01,100\n",
            new LoadOptions { CustomerColumn = "Kundenr", DateColumn = "Fakturadato", AmountColumn = "Beløb" });
        Assert.Equal(100.0, r.Transactions.Amounts[0]);
        Assert.Equal("42", r.Transactions.CustomerIds[0]);
    }

    [Fact]
    public void Load_NoMoneyColumns_WarnsAndRevenueIsUndefined()
    {
        var r = LoadText("customer,date\nA,2023-01-01\n").Report;
        Assert.True(double.IsNaN(r.NetRevenue));
        Assert.Contains(r.Warnings, w => w.Contains("revenue metrics will be undefined"));
    }

    [Fact]
    public void ToDataFrame_RoundTripsThroughFromDataFrame()
    {
        var t = LoadText(Header + "536365,85123A,6,2010-12-01 08:26:00,2.55,17850\nC536366,22,-1,2010-12-02 08:26:00,3,\n").Transactions;
        var df = t.ToDataFrame();
        Assert.Equal(new[] { "CustomerId", "OrderId", "Timestamp", "Quantity", "UnitPrice", "Amount", "ProductId", "IsReturn" }, df.Columns.Select(c => c.Name));
        Assert.Null(df.Columns["CustomerId"][1]);
        var back = Transactions.FromDataFrame(df);
        Assert.Equal(t.Amounts.ToArray(), back.Amounts.ToArray());
        Assert.Equal(t.IsReturn.ToArray(), back.IsReturn.ToArray());
        Assert.Equal(t.Timestamps.ToArray(), back.Timestamps.ToArray());
        Assert.Equal(-1, back.CustomerCodes[1]);
    }
}
