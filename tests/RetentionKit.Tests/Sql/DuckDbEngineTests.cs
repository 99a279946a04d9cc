using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Sql;
using RetentionKit.Synthetic;
using RetentionKit.Tests.Data;

namespace RetentionKit.Tests.Sql;

/// <summary>The reductions in embedded DuckDB equal the in-memory ones: counts exactly, money to 1e-9, every metric.</summary>
public class DuckDbEngineTests
{
    private static ReducedTransactions Memory(string path, LoadOptions? o = null) => ReducedTransactions.From(TransactionLoader.Load(path, o));

    [Fact]
    public void OnlineRetail_GzipCsv_ReducesInDuckDb_AsInMemory()
    {
        var engine = DuckDbEngine.Reduce(TestData.OnlineRetail);
        Assert.StartsWith("DuckDB", engine.Engine);
        Assert.Null(engine.Lines);
        Assert.Equal("gzip CSV text, read by DuckDB", engine.Report.Format);
        ReductionEquality.Same(Memory(TestData.OnlineRetail), engine);
    }

    [Fact]
    public void Cdnow_WhitespaceText_ReducesInDuckDb_AsInMemory() =>
        ReductionEquality.Same(Memory(TestData.CdnowMaster, LoadOptions.Cdnow), DuckDbEngine.Reduce(TestData.CdnowMaster, LoadOptions.Cdnow));

    [Fact]
    public void GeneratedLines_ReduceInDuckDb_AsInMemory()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("duckdb-").FullName, "generated.csv.gz");
        TransactionWriter.WriteCsv(SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 3_000, Seed = 7 }), path, gzip: true);
        ReductionEquality.Same(Memory(path), DuckDbEngine.Reduce(path));
    }

    [Fact]
    public void OnlineRetail_AsParquet_AndAsAHivePartitionedFolder_ReducesAsInMemory()
    {
        var folder = Directory.CreateTempSubdirectory("duckdb-parquet-").FullName;
        var file = WorkbookParquetTests.OnlineRetailParquet(Path.Combine(folder, "online_retail.parquet"), 0, int.MaxValue);
        var memory = Memory(file);
        ReductionEquality.Same(memory, DuckDbEngine.Reduce(file));

        // Three files in partition folders, in the rows' order: the same lines, numbered file by file.
        var parts = Path.Combine(folder, "parts");
        int[] cuts = [0, 180_000, 360_000, int.MaxValue];
        for (int k = 0; k < 3; k++)
            WorkbookParquetTests.OnlineRetailParquet(Path.Combine(Directory.CreateDirectory(Path.Combine(parts, $"part={k}")).FullName, "lines.parquet"), cuts[k], cuts[k + 1]);
        var split = DuckDbEngine.Reduce(parts);
        Assert.Equal("Parquet folder (3 files), read by DuckDB", split.Report.Format);
        ReductionEquality.Same(memory, split);
        Assert.DoesNotContain(split.Report.Warnings, w => w.Contains("kept compressed", StringComparison.Ordinal));

        // Under a limit the plain columns would crowd (60 MB of lines against 40 % of 100 MB), the files are parsed one
        // at a time and kept compressed: the same results, and the report says so.
        var tight = DuckDbEngine.Reduce(parts, settings: new DuckDbSettings("100MB"));
        ReductionEquality.Same(memory, tight);
        Assert.Contains(tight.Report.Warnings, w => w.Contains("were parsed file by file and kept compressed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3GB", 3_000_000_000L)]
    [InlineData("3G", null)]
    [InlineData("3 GB", 3_000_000_000L)]
    [InlineData("2.5GiB", 2_684_354_560L)]
    [InlineData("512mb", 512_000_000L)]
    [InlineData("100000", null)]
    [InlineData("lots", null)]
    public void MemoryLimits_AreReadAsDuckDbReadsThem(string limit, long? bytes) => Assert.Equal(bytes, DuckDbSettings.BytesOf(limit));

    [Fact]
    public void AMemoryLimitThatIsNotASize_IsRefusedBeforeDuckDbStarts()
    {
        var e = Assert.Throws<ArgumentException>(() => DuckDbEngine.Reduce(TestData.OnlineRetail, settings: new DuckDbSettings("lots")));
        Assert.Contains("'lots' is not a size such as 3GB or 512MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRows_AreRejectedWithTheirLinesAndReasons_AndCountsReconcile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("duckdb-bad-").FullName, "bad.csv");
        var lines = new List<string> { "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID" };
        for (int i = 0; i < 40; i++) lines.Add(string.Create(CultureInfo.InvariantCulture, $"{1000 + i / 2},P{i % 5},{1 + i % 3},2024-0{1 + i % 9}-1{i % 10} 10:00,2.5,C{i % 7}"));
        lines[5] = "1002,P1,two,2024-01-12 10:00,2.5,C1";        // line 6: a quantity that is not a number
        lines[9] = "1004,P3,1,someday,2.5,C2";                    // line 10: no date
        lines[14] = "1007,P4,1,2024-02-14 10:00,2.5,C3,extra";   // line 15: a field too many
        lines[20] = "1010,P0,1,0201-03-10 10:00,2.5,C4";          // line 21: a typo year, far outside the rest
        File.WriteAllLines(path, lines);
        var memory = Memory(path);
        var engine = DuckDbEngine.Reduce(path);
        Assert.Equal(40, engine.Report.RowsRead);
        Assert.Equal(4, engine.Report.RowsRejected);
        Assert.Equal([6L, 10, 15, 21], engine.Report.Rejections.Select(r => r.Line));
        Assert.Equal(["Quantity", "InvoiceDate", "(row)", "InvoiceDate"], engine.Report.Rejections.Select(r => r.Column));
        Assert.Equal("two", engine.Report.Rejections[0].Value);
        Assert.Contains("far outside the data's dates", engine.Report.Rejections[3].Reason);
        Assert.Equal(memory.Report.Rejections.Select(r => (r.Line, r.Column)), engine.Report.Rejections.Select(r => (r.Line, r.Column)));
        ReductionEquality.Same(memory, engine);
    }

    [Fact]
    public void DayFirstDates_AndDecimalCommas_ReadByTheCulture_AsInMemory()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("duckdb-culture-").FullName, "dk.csv");
        var lines = new List<string> { "InvoiceNo;CustomerID;InvoiceDate;Amount" };
        for (int i = 0; i < 30; i++) lines.Add(string.Create(CultureInfo.InvariantCulture, $"{500 + i};K{i % 6};{1 + i % 28:00}.{1 + i % 12:00}.2024;{10 + i},{i % 10}5"));
        File.WriteAllLines(path, lines);
        var o = new LoadOptions { Culture = CultureInfo.GetCultureInfo("da-DK") };
        var engine = DuckDbEngine.Reduce(path, o);
        Assert.Equal(30, engine.Report.RowsAccepted);
        ReductionEquality.Same(Memory(path, o), engine);
    }

    [Fact]
    public void FilesItCannotRead_SayWhyAndWhatToDo()
    {
        var folder = Directory.CreateTempSubdirectory("duckdb-refuse-").FullName;
        Assert.Throws<FileNotFoundException>(() => DuckDbEngine.Reduce(Path.Combine(folder, "nothing.csv")));
        var empty = Assert.Throws<TransactionLoadException>(() => DuckDbEngine.Reduce(folder));
        Assert.Contains("no .parquet files", empty.Message);
        var xlsx = SheetFiles.Xlsx(Path.Combine(folder, "orders.xlsx"), ("Orders", [["Customer", "Date", "Amount"], ["a", new DateTime(2024, 1, 1), 1.0]]));
        var refused = Assert.Throws<TransactionLoadException>(() => DuckDbEngine.Reduce(xlsx));
        Assert.Contains("load it in memory", refused.Message);
        var damaged = Path.Combine(folder, "damaged.parquet");
        var bytes = File.ReadAllBytes(WorkbookParquetTests.OnlineRetailParquet(Path.Combine(folder, "whole.parquet"), 0, 1000));
        File.WriteAllBytes(damaged, [.. bytes.Take(8), .. new byte[bytes.Length - 16], .. bytes.Skip(bytes.Length - 8)]);
        var broken = Assert.Throws<TransactionLoadException>(() => DuckDbEngine.Reduce(damaged));
        Assert.StartsWith("damaged.parquet", broken.Message);
        var noDate = Path.Combine(folder, "nodate.csv");
        File.WriteAllLines(noDate, ["Customer,Amount", "a,1"]);
        var mapped = Assert.Throws<TransactionLoadException>(() => DuckDbEngine.Reduce(noDate));
        Assert.Equal(Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(noDate)).Message, mapped.Message);
    }
}
