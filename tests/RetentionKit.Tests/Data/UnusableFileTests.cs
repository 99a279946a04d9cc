using System.Text;
using RetentionKit.Data;
using static RetentionKit.Tests.Data.LoaderTestKit;

namespace RetentionKit.Tests.Data;

/// <summary>Files that cannot be used at all get one clear error saying what was expected and found.</summary>
public class UnusableFileTests
{
    [Theory]
    [InlineData("zero bytes", "")]
    [InlineData("only blanks", "  \n\n \r\n")]
    public void Load_EmptyFile_Throws(string label, string text)
    {
        _ = label;
        var e = Assert.Throws<TransactionLoadException>(() => LoadText(text, name: "empty.csv"));
        Assert.Equal("empty.csv: the file is empty; expected a header line and transaction rows.", e.Message);
    }

    [Fact]
    public void Load_HeaderOnly_LoadsNothingAndSaysSo()
    {
        var r = LoadText("customer,date,amount\n").Report;
        Assert.Equal(0, r.RowsRead);
        Assert.Null(r.FirstTimestamp);
        Assert.Contains(r.Warnings, w => w.Contains("no data rows"));
    }

    [Fact]
    public void Load_BinaryFile_Throws()
    {
        var e = Assert.Throws<TransactionLoadException>(() => LoadBytes([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41], name: "book.xlsx"));
        Assert.Contains("book.xlsx: the file starts like a ZIP archive, as an Excel workbook (.xlsx) does, but is not a readable one", e.Message); // named by what it is
        var other = Assert.Throws<TransactionLoadException>(() => LoadBytes([0x41, 0x42, 0x00, 0x43, 0x44, 0x45, 0x46, 0x47], name: "blob.csv"));
        Assert.Contains("blob.csv: the file is not text (a NUL byte at byte 2)", other.Message);
        Assert.Contains("expected CSV text", other.Message);
    }

    [Fact]
    public void Load_MissingCustomerColumn_ListsHeadersFoundAndNamesTried()
    {
        var e = Assert.Throws<TransactionLoadException>(() => LoadText("Kunde,Dato,Beløb\nA,2023-01-01,1\n", name: "x.csv"));
        Assert.Contains("no customer id column", e.Message);
        Assert.Contains("Headers found: 'Kunde', 'Dato', 'Beløb'", e.Message);
        Assert.Contains("Names tried: customerid, customer", e.Message);
    }

    [Fact]
    public void Load_MissingDateColumn_Throws()
    {
        var e = Assert.Throws<TransactionLoadException>(() => LoadText("customer,amount\nA,1\n"));
        Assert.Contains("no date column", e.Message);
    }

    [Fact]
    public void Load_NamedColumnNotInHeader_Throws()
    {
        var e = Assert.Throws<TransactionLoadException>(() => LoadText("customer,date\nA,2023-01-01\n", new LoadOptions { AmountColumn = "Umsatz" }));
        Assert.Contains("the amount column 'Umsatz' was asked for but is not in the header", e.Message);
    }

    [Fact]
    public void Load_DuplicatedHeader_Throws()
    {
        var e = Assert.Throws<TransactionLoadException>(() => LoadText("customer,date,Amount,amount\nA,2023-01-01,1,2\n", name: "d.csv"));
        Assert.Equal("d.csv, line 1: the header names 'amount' twice (columns 3 and 4); expected each column name once.", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => TransactionLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-file-" + Guid.NewGuid() + ".csv")));
    }

    [Fact]
    public void Load_CorruptGzip_Throws()
    {
        var bytes = Gzip("customer,date,amount\nA,2023-01-01,1\n");
        var cut = bytes.Take(12).Concat(Encoding.ASCII.GetBytes("garbage garbage")).ToArray();
        var e = Assert.Throws<TransactionLoadException>(() => LoadBytes(cut, name: "x.csv.gz"));
        Assert.Contains("x.csv.gz", e.Message);
    }
}
