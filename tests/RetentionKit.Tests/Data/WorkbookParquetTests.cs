using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Retention;
using RetentionKit.Periods;
using Sylvan.Data.Csv;
using static RetentionKit.Tests.Data.SheetFiles;

namespace RetentionKit.Tests.Data;

/// <summary>
/// Workbooks (.xlsx, .xls), Parquet and zipped CSV go through the same loaders as CSV: the same checks, the same report,
/// typed cells read as they are (no culture, no day/month guess), a record's line its row in the sheet.
/// </summary>
public class WorkbookParquetTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Online Retail's rows typed as in the workbook UCI published: ids that are all digits are numbers, dates are date cells.</summary>
    internal static readonly Lazy<(string[] Headers, List<object?[]> Rows)> OnlineRetail = new(() =>
    {
        using var text = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(TestData.OnlineRetail), System.IO.Compression.CompressionMode.Decompress));
        using var csv = CsvDataReader.Create(text);
        var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<object?[]>();
        static object? IdOrText(string s) => s.Length > 0 && s.All(char.IsAsciiDigit) ? double.Parse(s, Inv) : s.Length == 0 ? null : s;
        while (csv.Read())
            rows.Add([IdOrText(csv.GetString(0)), IdOrText(csv.GetString(1)), csv.GetString(2) is { Length: > 0 } d ? d : null, double.Parse(csv.GetString(3), Inv),
                DateTime.ParseExact(csv.GetString(4), "yyyy-MM-dd HH:mm:ss", Inv), double.Parse(csv.GetString(5), Inv),
                csv.GetString(6) is { Length: > 0 } c ? double.Parse(c, Inv) : null, csv.GetString(7)]);
        return (headers, rows);
    });

    /// <summary>Online Retail's rows [<paramref name="from"/>, <paramref name="to"/>) as Parquet (Parquet.Net's writer), dates typed, ids as text.</summary>
    internal static string OnlineRetailParquet(string path, int from, int to)
    {
        var (headers, all) = OnlineRetail.Value;
        var rows = all.Skip(from).Take(to - from).ToList();
        string? Str(object? v) => v switch { null => null, double d => d.ToString("R", Inv), var o => (string)o };
        return ParquetFile(path, 200_000,
            Text(headers[0], rows.Select(r => Str(r[0])).ToArray()), Text(headers[1], rows.Select(r => Str(r[1])).ToArray()),
            Text(headers[2], rows.Select(r => (string?)r[2]).ToArray()), Numbers(headers[3], rows.Select(r => (double?)r[3]).ToArray()),
            Dates(headers[4], rows.Select(r => (DateTime?)r[4]).ToArray()), Numbers(headers[5], rows.Select(r => (double?)r[5]).ToArray()),
            Numbers(headers[6], rows.Select(r => (double?)r[6]).ToArray()), Text(headers[7], rows.Select(r => (string?)r[7]).ToArray()));
    }

    /// <summary>Everything a load report says about the data, without what says which file it was.</summary>
    private static string Essence(LoadReport r) => string.Join("\n",
        $"read {r.RowsRead} accepted {r.RowsAccepted} rejected {r.RowsRejected} without customer {r.RowsWithoutCustomer} duplicates {r.DuplicateRows}",
        $"customers {r.Customers} orders {r.Orders} return invoices {r.ReturnInvoices} anonymous invoices {r.InvoicesWithoutCustomer} return rows {r.ReturnRows}",
        string.Join(", ", r.Lines.Select(l => $"{l.Key} {l.Value}")),
        $"{r.FirstTimestamp:O} {r.LastTimestamp:O} net {r.NetRevenue.ToString("R", Inv)}",
        string.Join(", ", r.ColumnMapping.Select(c => $"{c.Key}={c.Value}")),
        string.Join("\n", r.RejectionCounts.Select(c => $"{c.Key}: {c.Value}")));

    private static string Quarterly(Transactions t) =>
        PeriodRetention.Compute(RetentionKit.Customers.OrderHistory.From(t), PeriodGrid.Create(PeriodLength.Quarter, new DateTime(2010, 12, 1), new DateTime(2011, 12, 1))).ToString();

    [Fact]
    public void OnlineRetail_SavedAsXlsx_LoadsToTheSameReportAsTheCsv()
    {
        var csv = TransactionLoader.Load(TestData.OnlineRetail);
        var (headers, rows) = OnlineRetail.Value;
        var path = Xlsx(TempPath("Online Retail.xlsx"), ("Online Retail", [headers, .. rows]));
        var xlsx = TransactionLoader.Load(path);
        Assert.Equal(Essence(csv.Report), Essence(xlsx.Report));
        Assert.Equal(541_909, xlsx.Report.RowsRead);
        Assert.StartsWith("Excel workbook (.xlsx), sheet 'Online Retail', header on row 1", xlsx.Report.Format);
        Assert.Equal(Quarterly(csv.Transactions), Quarterly(xlsx.Transactions));
    }

    [Fact]
    public void OnlineRetail_SavedAsParquet_InRowGroups_LoadsToTheSameReportAsTheCsv()
    {
        var csv = TransactionLoader.Load(TestData.OnlineRetail);
        var path = OnlineRetailParquet(TempPath("online_retail.parquet"), 0, int.MaxValue);
        var parquet = TransactionLoader.Load(path);
        Assert.Equal(Essence(csv.Report), Essence(parquet.Report));
        Assert.Equal("Parquet, 3 row groups", parquet.Report.Format);
        Assert.Equal(Quarterly(csv.Transactions), Quarterly(parquet.Transactions));
        // A rejection's line is the line its row has in the CSV, across row groups too.
        var damaged = ParquetFile(TempPath("damaged.parquet"), 200_000, Text("customer", [.. Enumerable.Repeat("a", 400_000), "b"]),
            Dates("date", [.. Enumerable.Repeat<DateTime?>(new DateTime(2024, 1, 1), 400_000), null]), Numbers("amount", [.. Enumerable.Repeat<double?>(1, 400_001)]));
        Assert.Equal(400_002, Assert.Single(TransactionLoader.Load(damaged).Report.Rejections).Line);
    }

    [Fact]
    public void Workbook_TitleAboveTheHeader_SerialDates_NumbersAsText_AndRowNumbersAsInExcel()
    {
        var path = Xlsx(TempPath("export.xlsx"),
            ("Notes", [["This workbook was exported on 2024-02-01"]]),
            ("Orders", [
                ["Sales export, January 2024"],
                [],
                ["Customer", "Invoice", "Date", "Amount"],
                [1001.0, "A1", new DateTime(2024, 1, 3, 10, 30, 0), 12.5],
                ["1002", "A2", 45295.5, "19.90"],            // a serial date (2024-01-04 12:00) and a number stored as text
                ["1003", "A3", "2024-01-05", 7.0],           // a date typed as text
                ["1004", "A4", true, 3.0],                    // a flag where a date belongs
                ["1005", "A5", new DateTime(2024, 1, 6), "twelve"],
                [],
                ["1006", "A6", new DateTime(2024, 1, 7), 5.0],
            ]));
        var r = TransactionLoader.Load(path, new LoadOptions { Sheet = "orders" });
        var rep = r.Report;
        Assert.Equal("Excel workbook (.xlsx), sheet 'Orders', header on row 3", rep.Format);
        Assert.Equal((6L, 4L, 2L), (rep.RowsRead, rep.RowsAccepted, rep.RowsRejected));
        Assert.Equal(1, rep.BlankLines);
        Assert.Contains(rep.Rejections, x => x is { Line: 7, Column: "Date", Value: "true" } && x.Reason.Contains("true/false", StringComparison.Ordinal));
        Assert.Contains(rep.Rejections, x => x is { Line: 8, Column: "Amount", Value: "twelve" });
        Assert.Contains(rep.Warnings, w => w.Contains("header is row 3", StringComparison.Ordinal) && w.Contains("Sales export, January 2024", StringComparison.Ordinal));
        Assert.Contains(rep.Warnings, w => w.Contains("1 number cells read as Excel serial dates", StringComparison.Ordinal));
        var t = r.Transactions;
        Assert.Equal([new DateTime(2024, 1, 3, 10, 30, 0), new DateTime(2024, 1, 4, 12, 0, 0), new DateTime(2024, 1, 5), new DateTime(2024, 1, 7)],
            t.Timestamps.ToArray());
        Assert.Equal(19.9, t.Amounts[1], 12);
        Assert.Equal(["1001", "1002", "1003", "1006"], Enumerable.Range(0, t.Count).Select(i => t.CustomerIds[t.CustomerCodes[i]]).ToArray());

        // The first sheet, unless told: this one has no table, which is said with the sheets there are.
        var first = Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(path));
        Assert.Contains("export.xlsx", first.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(path, new LoadOptions { Sheet = "Sheet9" }));
        Assert.Equal("export.xlsx: --sheet 'Sheet9': the workbook has no such sheet; its sheets: 'Notes', 'Orders'.", missing.Message);
        // An explicit header row wins over the search.
        var given = TransactionLoader.Load(path, new LoadOptions { Sheet = "Orders", HeaderRow = 3 });
        Assert.Equal(rep.RowsAccepted, given.Report.RowsAccepted);
    }

    [Fact]
    public void TypedCells_TakeNoCultureOrDayMonthOrder_TextCellsDo()
    {
        // 03/04/2024 as text under da-DK is 3 April; the date cell is what it is; 1.234,5 as text is Danish.
        var path = Xlsx(TempPath("da.xlsx"), ("Ark1", [
            ["Kunde", "Dato", "Beløb"],
            ["1", "03/04/2024", "1.234,5"],
            ["2", new DateTime(2024, 4, 5), 1234.5],
            ["3", new DateTime(2024, 4, 6), 0.125],
        ]));
        var r = TransactionLoader.Load(path, new LoadOptions { Culture = CultureInfo.GetCultureInfo("da-DK"), CustomerColumn = "Kunde", DateColumn = "Dato", AmountColumn = "Beløb", OrderColumn = "none" });
        Assert.Equal(3, r.Report.RowsAccepted);
        Assert.Equal([new DateTime(2024, 4, 3), new DateTime(2024, 4, 5), new DateTime(2024, 4, 6)], r.Transactions.Timestamps.ToArray());
        Assert.Equal([1234.5, 1234.5, 0.125], r.Transactions.Amounts.ToArray());
    }

    [Fact]
    public void Xls_OldWorkbooks_LoadLikeXlsx()
    {
        object?[][] rows = [["CustomerID", "InvoiceNo", "InvoiceDate", "Quantity", "UnitPrice"],
            [17850.0, "536365", new DateTime(2010, 12, 1, 8, 26, 0), 6.0, 2.55], [17850.0, "C536379", new DateTime(2010, 12, 1, 9, 41, 0), -1.0, 27.5],
            [13047.0, "536367", new DateTime(2010, 12, 1, 8, 34, 0), 32.0, 1.69]];
        var xls = TransactionLoader.Load(Xls(TempPath("old.xls"), "Sheet1", rows));
        var xlsx = TransactionLoader.Load(Xlsx(TempPath("new.xlsx"), ("Sheet1", rows)));
        Assert.StartsWith("Excel 97–2003 workbook (.xls), sheet 'Sheet1'", xls.Report.Format);
        Assert.Equal(Essence(xlsx.Report), Essence(xls.Report));
        Assert.Equal((3L, 2, 1L), (xls.Report.RowsAccepted, xls.Report.Customers, xls.Report.ReturnRows));
    }

    [Fact]
    public async Task Parquet_NestedColumns_AndSheetOptions_AreRefusedWithTheReason()
    {
        var flat = ParquetFile(TempPath("t.parquet"), 10, Text("customer", ["a"]), Dates("date", [new DateTime(2024, 1, 1)]), Numbers("amount", [1]));
        var sheet = Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(flat, new LoadOptions { Sheet = "x" }));
        Assert.Equal("t.parquet: --sheet 'x' was given, but the file is Parquet, which has no sheets.", sheet.Message);
        var csv = TempPath("t.csv");
        File.WriteAllText(csv, "customer,date,amount\na,2024-01-01,1\n");
        Assert.Contains("the file is text, which has no sheets", Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(csv, new LoadOptions { Sheet = "x" })).Message, StringComparison.Ordinal);

        var nested = TempPath("nested.parquet");
        await global::Parquet.Serialization.ParquetSerializer.SerializeAsync([new NestedRow { Customer = "a", Dates = [1, 2] }], nested);
        var e = Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(nested));
        Assert.Contains("is a list or a nested field; expected a flat table", e.Message, StringComparison.Ordinal);
    }

    private sealed class NestedRow
    {
        public string Customer { get; set; } = "";
        public List<int> Dates { get; set; } = [];
    }

    [Fact]
    public void Zip_OfOneCsv_IsReadAsIt_OtherZipsAreNamed()
    {
        var dir = Directory.CreateTempSubdirectory("zips-").FullName;
        string one = Path.Combine(dir, "export.zip"), two = Path.Combine(dir, "two.zip");
        using (var z = System.IO.Compression.ZipFile.Open(one, System.IO.Compression.ZipArchiveMode.Create))
        using (var w = new StreamWriter(z.CreateEntry("orders.csv").Open())) w.Write("customer,date,amount\na,2024-01-01,1\nb,2024-01-02,2\n");
        using (var z = System.IO.Compression.ZipFile.Open(two, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(z.CreateEntry("a.csv").Open())) w.Write("x\n1\n");
            using (var w = new StreamWriter(z.CreateEntry("b.csv").Open())) w.Write("x\n1\n");
        }
        var r = TransactionLoader.Load(one);
        Assert.Equal((2L, "CSV text in a ZIP archive (orders.csv)"), (r.Report.RowsAccepted, r.Report.Format));
        Assert.Equal("two.zip: the file is a ZIP archive with 2 tables ('a.csv', 'b.csv'); unzip it and load one of them.",
            Assert.Throws<TransactionLoadException>(() => TransactionLoader.Load(two)).Message);
    }

    [Fact]
    public void TextExport_WithATitleLine_ReadsFromTheHeaderRowGiven()
    {
        var path = TempPath("titled.csv");
        File.WriteAllText(path, "Orders exported 2024-02-01\n\ncustomer,date,amount\na,2024-01-01,1\nb,2024-01-02,x\n");
        var r = TransactionLoader.Load(path, new LoadOptions { HeaderRow = 3 });
        Assert.Equal((2L, 1L, 1L), (r.Report.RowsRead, r.Report.RowsAccepted, r.Report.RowsRejected));
        Assert.Equal(5, r.Report.Rejections[0].Line);
        Assert.Contains(r.Report.Warnings, w => w.StartsWith("the header is line 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_ReadsWorkbooksAndParquet_AndNamesTheSheetAndFormat()
    {
        var book = Xlsx(TempPath("book.xlsx"), ("Cover", [["Quarterly export"]]),
            ("Invoices", [["invoice", "customer", "issued", "due", "amount", "paid"], ["1", "a", new DateTime(2024, 1, 10), new DateTime(2024, 2, 9), 100.0, new DateTime(2024, 1, 5)],
                ["2", "a", new DateTime(2024, 1, 10), new DateTime(2024, 2, 9), 50.0, null]]),
            ("Orders", [["customer", "date", "amount"], ["a", new DateTime(2024, 1, 1), 10.0], ["b", "someday", 5.0]]));
        var (code, text, err) = Cli.Run("inspect", book, "--sheet", "Orders");
        Assert.True(code == 0, err);
        Assert.Contains("Excel workbook (.xlsx), sheet 'Orders', header on row 1", text);
        Assert.Contains("line 3, date: 'someday'", text);
        var (tcode, ttext, terr) = Cli.Run("inspect", book, "--table", "invoices", "--json");
        Assert.True(tcode == 0, terr);
        var json = System.Text.Json.JsonDocument.Parse(ttext).RootElement;
        Assert.StartsWith("Excel workbook (.xlsx), sheet 'Invoices'", json.GetProperty("format").GetString());
        Assert.Equal((2, 1, 1), (json.GetProperty("rowsRead").GetInt32(), json.GetProperty("rowsAccepted").GetInt32(), json.GetProperty("rowsRejected").GetInt32()));
        var (bad, _, badErr) = Cli.Run("inspect", book, "--sheet", "Nope");
        Assert.Equal(2, bad);
        Assert.Contains("book.xlsx: --sheet 'Nope': the workbook has no such sheet; its sheets: 'Cover', 'Invoices', 'Orders'.", badErr);
        Assert.DoesNotContain("   at ", badErr);
        var (row, _, rowErr) = Cli.Run("inspect", book, "--header-row", "0");
        Assert.Equal(2, row);
        Assert.Contains("--header-row: expected a row number of 1 or more", rowErr);

        var parquet = ParquetFile(TempPath("orders.parquet"), 1, Text("customer", ["a", "b"]), Dates("date", [new DateTime(2024, 1, 1), null]), Numbers("amount", [1, 2]));
        var (pcode, ptext, perr) = Cli.Run("inspect", parquet);
        Assert.True(pcode == 0, perr);
        Assert.Contains("Parquet, 2 row groups", ptext);
        Assert.Contains("line 3, date: '' is empty", ptext);
    }

    [Fact]
    public void NumbersInAWorkbooksDateColumn_OutsideTheSerials_AreRejectedAsSuch_AndCompactDatesReadAsText()
    {
        var path = Xlsx(TempPath("serials.xlsx"), ("S", [["customer", "date", "amount"], ["a", 1e12, 1.0], ["b", -5.0, 1.0], ["c", 20240105.0, 2.0], ["d", 45292.0, 3.0]]));
        var r = TransactionLoader.Load(path);
        Assert.Equal((4L, 2L, 2L), (r.Report.RowsRead, r.Report.RowsAccepted, r.Report.RowsRejected));
        Assert.All(r.Report.Rejections, x => Assert.Contains("outside Excel's serial dates", x.Reason));
        Assert.Equal([new DateTime(2024, 1, 5), new DateTime(2024, 1, 1)], r.Transactions.Timestamps.ToArray());
    }
}
