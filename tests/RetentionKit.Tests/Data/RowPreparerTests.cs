using System.Globalization;
using System.Text;
using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>
/// Rows read on the read-ahead thread (RowPreparer) load exactly as rows read by the loader itself: every batch prepared,
/// none, or as the thread chooses give the same table and the same report, on files that mix every fast path with
/// every way a row can miss one.
/// </summary>
public class RowPreparerTests
{
    // Past the 64 KB head, so the text is read ahead. Each line is one of the cases below, in a fixed rotation.
    private static string Messy(int rows, char sep = ',', string dec = ".", bool dayFirst = false)
    {
        var sb = new StringBuilder($"InvoiceNo{sep}StockCode{sep}Description{sep}Quantity{sep}InvoiceDate{sep}UnitPrice{sep}CustomerID{sep}Returned\n");
        var rng = new Random(7);
        for (int i = 0; i < rows; i++)
        {
            string invoice = (i % 23) switch { 0 => "C" + (500000 + i / 3), 1 => "007", 2 => " 5400" + i / 5 + " ", _ => (500000 + i / 3).ToString(CultureInfo.InvariantCulture) };
            string product = (i % 11) switch { 0 => "85123A", 1 => "0042", _ => (20000 + rng.Next(300)).ToString(CultureInfo.InvariantCulture) };
            string qty = (i % 31) switch { 0 => "-2", 1 => "1,200", 2 => "x", 3 => "", _ => rng.Next(1, 40).ToString(CultureInfo.InvariantCulture) };
            string date = (i % 37) switch
            {
                0 => "13/02/2024 10:15", 1 => "2024-02-30 10:00:00", 2 => "20240105", 3 => "garbage",
                4 => "2024-01-05T08:00", _ => $"2024-{1 + i % 12:00}-{1 + i % 28:00} {i % 24:00}:{i % 60:00}:00",
            };
            // d/m/y as Excel writes it: the day/month order is settled by the loader, the numbers read ahead. The first row's
            // 13/02 settles it; then times of one digit, none, seconds, and ones only the general parser reads or
            // rejects, and a 31 February.
            if (dayFirst && i % 37 > 4)
                date = (i % 43) switch
                {
                    0 => "31/02/2024 10:00", 1 => "5/3/2024", 2 => "5/3/24 7:05:09", 3 => "5/3/2024 24:00", 4 => "5/3/2024 7:5", 5 => "5/3/2024 1.07:00",
                    6 => "5/13/2024 8:00", _ => $"{1 + i % 28}/{1 + i % 12}/2024 {i % 24}:{i % 60:00}",
                };
            string price = (i % 29) switch
            {
                0 => "12.330000000000002", 1 => "1.234", 2 => "2,5", 3 => "1e3", 4 => "3.141592653589793238", _ => $"{rng.Next(1, 5000) / 100.0:0.00}",
            };
            if (dec != ".") price = price.Replace(".", dec, StringComparison.Ordinal);
            string customer = (i % 19) switch { 0 => "", 1 => "NA", 2 => "17850.0", 3 => "00123", 4 => "A-9", _ => (10000 + rng.Next(900)).ToString(CultureInfo.InvariantCulture) };
            string flag = (i % 41) switch { 0 => "yes", 1 => "maybe", _ => "" };
            string name = i % 13 == 0 ? "\"a, quoted\"" : "plain";
            sb.Append(string.Join(sep, invoice, product, name, qty, date, price, customer, flag)).Append('\n');
            if (i % 997 == 5) sb.Append("short").Append(sep).Append("row\n");
            if (i % 1009 == 7) sb.Append(string.Join(sep, invoice, product, name, qty, date, price, customer, flag)).Append('\n'); // an exact duplicate
        }
        return sb.ToString();
    }

    private static string Digest(LoadResult r)
    {
        var t = r.Transactions;
        var rep = r.Report;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{rep.RowsRead} {rep.RowsAccepted} {rep.RowsRejected} {rep.RowsWithoutCustomer} {rep.DuplicateRows} {rep.Customers} {rep.Orders} {rep.ReturnInvoices} {rep.InvoicesWithoutCustomer} {rep.ReturnRows} {rep.FirstTimestamp:O} {rep.LastTimestamp:O} {BitConverter.DoubleToInt64Bits(rep.NetRevenue)}");
        foreach (var x in rep.Rejections) sb.AppendLine(CultureInfo.InvariantCulture, $"rejected {x.Line} {x.Column} {x.Value} {x.Reason}");
        foreach (var kv in rep.RejectionCounts.OrderBy(k => k.Key, StringComparer.Ordinal)) sb.AppendLine(CultureInfo.InvariantCulture, $"count {kv.Key} {kv.Value}");
        foreach (var w in rep.Warnings) sb.AppendLine("warning " + w);
        sb.AppendLine("customers " + string.Join("|", t.CustomerIds));
        sb.AppendLine("orders " + string.Join("|", t.OrderIds));
        sb.AppendLine("products " + string.Join("|", t.ProductIds));
        for (int i = 0; i < t.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{t.CustomerCodes[i]},{t.OrderCodes[i]},{t.ProductCodes[i]},{t.Timestamps[i].Ticks},{BitConverter.DoubleToInt64Bits(t.Quantities[i])},{BitConverter.DoubleToInt64Bits(t.UnitPrices[i])},{BitConverter.DoubleToInt64Bits(t.Amounts[i])},{t.IsReturn[i]};");
        return sb.ToString();
    }

    private static (string Every, string None, string Chosen) ThreeWays(string text, LoadOptions options)
    {
        string Load(bool? every)
        {
            RowPreparer.Every = every;
            try { return Digest(LoaderTestKit.LoadText(text, options)); }
            finally { RowPreparer.Every = null; }
        }
        return (Load(true), Load(false), Load(null));
    }

    public static TheoryData<string> Cases => new() { "default", "normalized ids", "duplicates dropped", "decimal comma", "date format given", "no quantity", "day-first dates" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PreparedRows_LoadAsTheLoaderReadsThem(string name)
    {
        var (text, options) = name switch
        {
            "decimal comma" => (Messy(40_000, ';', ","), new LoadOptions { Culture = CultureInfo.GetCultureInfo("da-DK"), ReturnFlagColumn = "Returned" }),
            "normalized ids" => (Messy(40_000), new LoadOptions { NormalizeNumericIds = true, ReturnFlagColumn = "Returned" }),
            "duplicates dropped" => (Messy(40_000), new LoadOptions { DropDuplicates = true, ReturnFlagColumn = "Returned" }),
            "date format given" => (Messy(40_000), new LoadOptions { DateFormats = ["yyyy-MM-dd HH:mm:ss"], ReturnFlagColumn = "Returned" }),
            "no quantity" => (Messy(40_000).Replace("Quantity", "Note", StringComparison.Ordinal), new LoadOptions { ReturnFlagColumn = "Returned" }),
            "day-first dates" => (Messy(40_000, dayFirst: true), new LoadOptions { ReturnFlagColumn = "Returned" }),
            _ => (Messy(40_000), new LoadOptions { ReturnFlagColumn = "Returned" }),
        };
        Assert.True(Encoding.UTF8.GetByteCount(text) > 1 << 17); // read ahead, over several batches
        var (every, none, chosen) = ThreeWays(text, options);
        Assert.Equal(none, every);
        Assert.Equal(none, chosen);
        // The file really exercises both sides: rows accepted, rows rejected, duplicates counted or dropped.
        var report = LoaderTestKit.LoadText(text, options).Report;
        Assert.True(report.RowsAccepted > 25_000, $"{report.RowsAccepted} accepted, {report.RowsRejected} rejected, {report.DuplicateRows} duplicates");
        Assert.True(report.RowsRejected > 1_000);
        Assert.Equal(report.RowsRead, report.RowsAccepted + report.RowsRejected);
        if (name == "duplicates dropped") Assert.True(report.DuplicatesDropped);
        else Assert.True(report.DuplicateRows >= 20, $"{report.DuplicateRows} duplicates");
    }

    [Fact]
    public void OnlineRetail_LoadsTheSame_HoweverTheBatchesArePrepared()
    {
        var file = ShippedData.Find(ShippedData.OnlineRetail);
        string Load(bool? every)
        {
            RowPreparer.Every = every;
            try { return Digest(TransactionLoader.Load(file)); }
            finally { RowPreparer.Every = null; }
        }
        string none = Load(false);
        Assert.Equal(none, Load(true));
        for (int i = 0; i < 3; i++) Assert.Equal(none, Load(null)); // the thread's choice varies from run to run
    }

    [Fact]
    public void MostRowsOfAPlainFile_TakeTheFastPath_AndTheRestAreLeftToTheLoader()
    {
        string text = Messy(20_000);
        using var src = new CsvRecordSource(new StringReader(text), ',', "t.csv");
        // Columns as ColumnDetection maps them: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Returned.
        var preparer = new RowPreparer(8, date: 4, quantity: 3, unitPrice: 5, amount: -1, flag: 7, customer: 6, order: 0, product: 1, new LoadOptions());
        int ok = 0, left = 0;
        var row = new PreparedRow();
        while (src.Read())
        {
            preparer.Prepare(src, ref row);
            if (!row.Ok) { left++; continue; }
            ok++;
            // What the loader itself makes of the same cells.
            if (row.DatePending)
            {
                // A d/m/y date comes as its numbers, left in the file's order (the loader settles which is the day).
                var d = DateTime.ParseExact(src.Field(4).Trim(), ["d/M/yyyy H:mm", "d/M/yyyy"], CultureInfo.InvariantCulture);
                Assert.Equal((d.Day, d.Month, d.Year, d.TimeOfDay.Ticks), (row.DateA, row.DateB, row.DateYear, row.TimeTicks));
            }
            else Assert.Equal(DateTime.ParseExact(src.Field(4).Trim(), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyyMMdd"], CultureInfo.InvariantCulture), row.Time);
            Assert.Equal(double.Parse(src.Field(3), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture), row.Quantity);
            Assert.Equal(StringPool.WholeNumber(src.Field(6).Trim()), row.Customer);
        }
        Assert.True(ok > 14_000, $"{ok} prepared");
        Assert.True(left > 1_000, $"{left} left");
    }

    [Fact]
    public void DuplicateCount_IsRowsMinusDistinctRows_OnThe96BitsTheSetCompares()
    {
        var rng = new Random(3);
        var hashes = new List<UInt128>();
        for (int i = 0; i < 300_000; i++)
        {
            var h = new UInt128((ulong)rng.NextInt64(), (ulong)rng.NextInt64());
            hashes.Add(h);
            if (i % 10 == 0) hashes.Add(h); // an exact repeat
            if (i % 17 == 0) hashes.Add(h ^ (UInt128.One << 100)); // differs only above the 96 bits: the same to both
        }
        var counter = new DuplicateCounter(1000); // far fewer expected than come: the buckets grow
        var set = new RecordHashSet(1000);
        long bySet = 0, line = 0;
        foreach (var h in hashes)
        {
            counter.Add(h);
            if (set.AddOrGetFirstLine(h, ++line) != 0) bySet++;
        }
        Assert.Equal(30_000 + 17_648, bySet);
        Assert.Equal(bySet, counter.Count());
    }
}
