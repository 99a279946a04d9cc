using System.Globalization;
using System.Text;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Receivables;
using RetentionKit.Retention;
using RetentionKit.Surveys;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Data;

/// <summary>The other tables from files: every row accounted for, every rejection named, and the metrics on the loaded rows the same as on the tables written.</summary>
public class TableLoaderTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string D(DateTime d) => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", Inv);
    private static string D(DateTime? d) => d is { } v ? D(v) : "";

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tables-").FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    // The generator's tables as a user's export would hold them.
    private static string SubscriptionsCsv(SyntheticDataset s) => "customer,start,end,mrr\n" + string.Concat(s.Subscriptions.Select(x => $"{x.CustomerId},{D(x.Start)},{D(x.End)},{x.MonthlyAmount.ToString("R", Inv)}\n"));
    private static string InvoicesCsv(SyntheticDataset s) => "invoice_no,customer_id,issue_date,due_date,amount,paid_date\n" + string.Concat(s.Invoices.Select(x => $"{x.InvoiceId},{x.CustomerId},{D(x.IssueDate)},{D(x.DueDate)},{x.Amount.ToString("R", Inv)},{D(x.PaidDate)}\n"));
    private static string SurveysCsv(SyntheticDataset s) => "Customer,Date,NPS,CSAT,Churn reason\n" + string.Concat(s.Surveys.Select(x => $"{x.CustomerId},{D(x.Date)},{x.Nps},{x.Csat},\"{x.ChurnReason}\"\n"));
    private static string MembersCsv(SyntheticDataset s) => "member_id,join_date,leave_date\n" + string.Concat(s.Memberships.Select(x => $"{x.CustomerId},{D(x.JoinDate)},{D(x.LeaveDate)}\n"));

    /// <summary>The generator's data, its transactions written to orders.csv in a fresh folder.</summary>
    private static (SyntheticDataset Data, string Folder, string Orders) WithOrders()
    {
        var dir = Directory.CreateTempSubdirectory("tables-orders-").FullName;
        var orders = Path.Combine(dir, "orders.csv");
        TransactionWriter.WriteCsv(Synthetic.Value.Transactions, orders);
        return (Synthetic.Value, dir, orders);
    }

    private static readonly Lazy<SyntheticDataset> Synthetic = new(() => SyntheticData.Generate(new SyntheticOptions { Customers = 1500, Seed = 3 }));

    [Fact]
    public void GeneratedTables_WrittenAndLoaded_GiveTheSameMetrics()
    {
        var s = Synthetic.Value;
        var quarters = PeriodGrid.Create(PeriodLength.Quarter, new DateTime(2023, 1, 1), new DateTime(2025, 1, 1));

        var subs = TableLoader.Subscriptions(Write("subscriptions.csv", SubscriptionsCsv(s)));
        Assert.Equal(s.Subscriptions.Count, subs.Report.RowsAccepted);
        Assert.Equal(SubscriptionRetention.Compute(s.Subscriptions, quarters).ToString(), SubscriptionRetention.Compute(subs.Rows, quarters).ToString());

        var inv = TableLoader.Invoices(Write("invoices.csv", InvoicesCsv(s)));
        Assert.Equal(s.Invoices.Count, inv.Report.RowsAccepted);
        Assert.Equal(DaysSalesOutstanding.Compute(s.Invoices, quarters).ToString(), DaysSalesOutstanding.Compute(inv.Rows, quarters).ToString());

        var surveys = TableLoader.Surveys(Write("surveys.csv", SurveysCsv(s)));
        Assert.Equal(s.Surveys.Count, surveys.Report.RowsAccepted);
        Assert.Equal(NetPromoterScore.Compute(s.Surveys), NetPromoterScore.Compute(surveys.Rows));
        Assert.Equal(CustomerSatisfaction.Compute(s.Surveys).Score.Value, CustomerSatisfaction.Compute(surveys.Rows).Score.Value);
        Assert.Equal(ChurnReasons.Compute(s.Surveys).Reasons, ChurnReasons.Compute(surveys.Rows).Reasons);

        var members = TableLoader.Members(Write("members.csv", MembersCsv(s)));
        Assert.Equal(s.Memberships, members.Rows);
        Assert.Equal(0, members.Report.RowsRejected);
    }

    [Fact]
    public void GeneratedTables_AsSheetsOfOneWorkbook_AndAsParquet_LoadToTheRowsWritten()
    {
        var s = Synthetic.Value;
        object?[] H(params string[] h) => h;
        var book = SheetFiles.Xlsx(SheetFiles.TempPath("tables.xlsx"),
            ("Read me", [H("Synthetic tables written by the tests")]),
            ("Subscriptions", [H("customer", "start", "end", "mrr"), .. s.Subscriptions.Select(x => new object?[] { x.CustomerId, x.Start, x.End, x.MonthlyAmount })]),
            ("Invoices", [H("invoice_no", "customer_id", "issue_date", "due_date", "amount", "paid_date"), .. s.Invoices.Select(x => new object?[] { x.InvoiceId, x.CustomerId, x.IssueDate, x.DueDate, x.Amount, x.PaidDate })]),
            ("Survey responses", [H("Customer", "Date", "NPS", "CSAT", "Churn reason"), .. s.Surveys.Select(x => new object?[] { x.CustomerId, x.Date, (double?)x.Nps, (double?)x.Csat, x.ChurnReason })]),
            ("Members", [H("member_id", "join_date", "leave_date"), .. s.Memberships.Select(x => new object?[] { x.CustomerId, x.JoinDate, x.LeaveDate })]));
        // Each loader takes the sheet named like its table, and says so.
        var subs = TableLoader.Subscriptions(book);
        Assert.Equal(s.Subscriptions, subs.Rows);
        Assert.StartsWith("Excel workbook (.xlsx), sheet 'Subscriptions'", subs.Report.Format);
        Assert.Contains(subs.Report.Warnings, w => w.Contains("named like the table", StringComparison.Ordinal));
        Assert.Equal(s.Invoices, TableLoader.Invoices(book).Rows);
        Assert.Equal(s.Surveys, TableLoader.Surveys(book).Rows);
        Assert.Equal(s.Memberships, TableLoader.Members(book).Rows);
        Assert.Equal(s.Memberships, TableLoader.Members(book, new TableOptions { Sheet = "MEMBERS" }).Rows);

        var invoices = SheetFiles.ParquetFile(SheetFiles.TempPath("invoices.parquet"), 1000,
            SheetFiles.Text("invoice", s.Invoices.Select(x => (string?)x.InvoiceId).ToArray()), SheetFiles.Text("customer", s.Invoices.Select(x => (string?)x.CustomerId).ToArray()),
            SheetFiles.Dates("issued", s.Invoices.Select(x => (DateTime?)x.IssueDate).ToArray()), SheetFiles.Dates("due", s.Invoices.Select(x => (DateTime?)x.DueDate).ToArray()),
            SheetFiles.Numbers("amount", s.Invoices.Select(x => (double?)x.Amount).ToArray()), SheetFiles.Dates("paid", s.Invoices.Select(x => x.PaidDate).ToArray()));
        var fromParquet = TableLoader.Invoices(invoices);
        Assert.Equal(s.Invoices, fromParquet.Rows);
        Assert.StartsWith("Parquet, ", fromParquet.Report.Format);
        var surveys = SheetFiles.ParquetFile(SheetFiles.TempPath("surveys.parquet"), 500,
            SheetFiles.Text("customer", s.Surveys.Select(x => (string?)x.CustomerId).ToArray()), SheetFiles.Dates("date", s.Surveys.Select(x => (DateTime?)x.Date).ToArray()),
            SheetFiles.Whole("nps", s.Surveys.Select(x => x.Nps).ToArray()), SheetFiles.Whole("csat", s.Surveys.Select(x => x.Csat).ToArray()),
            SheetFiles.Text("reason", s.Surveys.Select(x => x.ChurnReason).ToArray()));
        Assert.Equal(s.Surveys, TableLoader.Surveys(surveys).Rows);
    }

    [Fact]
    public void WorkbookCells_ThatBreakATablesRules_AreRejectedWithTheirSheetRow()
    {
        object?[] H(params string[] h) => h;
        var book = SheetFiles.Xlsx(SheetFiles.TempPath("nps.xlsx"), ("Export", [
            H("NPS survey, March"), H(),
            H("Customer", "Date", "NPS"),
            ["a", new DateTime(2024, 3, 1), 9.0],
            ["b", new DateTime(2024, 3, 2), 11.0],      // outside the scale
            ["c", true, 7.0],                            // a flag for a date
            ["d", 45352.0, 8.5],                        // a serial date; half a point
            ["e", "2024-03-04", "10"],                  // both as text
        ]));
        var r = TableLoader.Surveys(book);
        Assert.Equal((5L, 2L, 3L), (r.Report.RowsRead, r.Report.RowsAccepted, r.Report.RowsRejected));
        Assert.Equal(["a", "e"], r.Rows.Select(x => x.CustomerId));
        var at = r.Report.Rejections.ToDictionary(x => x.Line);
        Assert.Equal(("NPS", "11"), (at[5].Column, at[5].Value));
        Assert.Equal("Date", at[6].Column);
        Assert.Contains("whole points", at[7].Reason);
        Assert.Contains("header on row 3", r.Report.Format);
    }

    [Fact]
    public void BadRows_AreRejected_WithLineColumnValueAndReason_AndCountsReconcile()
    {
        var csv = "Kunde;Dato;NPS;CSAT;Årsag\n" +
                  "K1;15-03-2023;9;4;\n" +        // line 2: fine
                  "K2;16-03-2023;11;;\n" +        // NPS outside 0–10
                  "K3;17-03-2023;;0;\n" +         // CSAT outside 1–5
                  "K4;18-03-2023;;;\n" +          // no answer at all
                  ";19-03-2023;7;;\n" +           // no customer
                  "K6;31-02-2023;7;;\n" +         // no such date
                  "K7;20-03-2023;NA;5;pris\n" +   // NA is missing, CSAT answers
                  "K8;21-03-2023;7,5;;\n";        // not a whole score
        var r = TableLoader.Surveys(Write("svar.csv", csv), new TableOptions
        {
            Culture = CultureInfo.GetCultureInfo("da-DK"),
            Columns = new Dictionary<string, string> { ["customer"] = "Kunde", ["date"] = "Dato", ["reason"] = "Årsag" },
        });
        Assert.Equal(8, r.Report.RowsRead);
        Assert.Equal(r.Report.RowsRead, r.Report.RowsAccepted + r.Report.RowsRejected);
        Assert.Equal(["K1", "K7"], r.Rows.Select(x => x.CustomerId));
        Assert.Null(r.Rows[1].Nps);
        Assert.Equal("pris", r.Rows[1].ChurnReason);
        var lines = r.Report.Rejections.ToDictionary(x => x.Line);
        Assert.Equal(("NPS", "11"), (lines[3].Column, lines[3].Value));
        Assert.Contains("0–10", lines[3].Reason);
        Assert.Equal("CSAT", lines[4].Column);
        Assert.Contains("no answer", lines[5].Reason);
        Assert.Equal("Kunde", lines[6].Column);
        Assert.Contains("calendar date", lines[7].Reason);
        Assert.Contains("whole points", lines[9].Reason);
        Assert.Contains("6 of 8 rows were rejected", r.Report.ToString());
    }

    [Fact]
    public void RulesAcrossFields_AreRejectionsToo()
    {
        var subs = TableLoader.Subscriptions(Write("s.csv", "customer,start,end,mrr\na,2024-01-01,,10\nb,2024-02-01,2024-01-01,10\nc,2024-01-01,,-5\n"));
        Assert.Equal(["a"], subs.Rows.Select(x => x.CustomerId));
        Assert.Null(subs.Rows[0].End);
        Assert.Contains(subs.Report.Rejections, x => x.Line == 3 && x.Column == "end" && x.Reason.Contains("before the start", StringComparison.Ordinal));
        Assert.Contains(subs.Report.Rejections, x => x.Line == 4 && x.Column == "mrr");
        var inv = TableLoader.Invoices(Write("i.csv", "invoice,customer,issued,due,amount,paid\n1,a,2024-01-10,2024-02-10,100,2024-01-05\n2,a,2024-01-10,2024-01-01,100,\n3,a,2024-01-10,2024-02-10,100,\n"));
        Assert.Equal(["3"], inv.Rows.Select(x => x.InvoiceId));
        Assert.Equal(["paid", "due"], inv.Report.Rejections.Select(x => x.Column));
        var members = TableLoader.Members(Write("m.csv", "customer,joined,left\na,2024-03-01,2024-02-01\nb,2024-03-01,\n"));
        Assert.Equal(["b"], members.Rows.Select(x => x.CustomerId));
    }

    [Fact]
    public void Inspect_ReportsATable_FromTheCli()
    {
        var path = Write("svar.csv", "Kunde;Dato;NPS\nK1;15-03-2023;9\nK2;16-03-2023;12\n");
        var (code, text, _) = Cli.Run("inspect", path, "--table", "surveys", "--culture", "da-DK", "--map", "customer=Kunde", "--map", "date=Dato");
        Assert.Equal(0, code);
        Assert.Contains("svar.csv (surveys): 2 rows read = 1 accepted + 1 rejected", text);
        Assert.Contains("line 3, column NPS: '12' is outside the 0–10 scale", text);
        var (jcode, json, _) = Cli.Run("inspect", path, "--table", "surveys", "--culture", "da-DK", "--map", "customer=Kunde", "--map", "date=Dato", "--json");
        Assert.Equal(0, jcode);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("rowsRejected").GetInt64());
        var (bad, _, err) = Cli.Run("inspect", path, "--table", "orders");
        Assert.Equal(2, bad);
        Assert.Contains("--table: expected transactions, subscriptions, invoices, surveys or members", err);
        var (unusable, _, err2) = Cli.Run("inspect", path, "--table", "surveys");
        Assert.Equal(2, unusable);
        Assert.Contains("no customer column", err2);
    }

    [Fact]
    public void Report_TakesTheTables_AndSaysWhatWasRead()
    {
        var (s, dir, orders) = WithOrders();
        string surveys = Write("surveys.csv", SurveysCsv(s) + "zz,2024-01-01,11,,\n");
        string members = Write("members.csv", MembersCsv(s));
        string subs = Write("subscriptions.csv", SubscriptionsCsv(s));
        string inv = Write("invoices.csv", InvoicesCsv(s));
        var (code, output, err) = Cli.Run("report", orders, "--out", Path.Combine(dir, "out"), "--surveys", surveys, "--members", members, "--subscriptions", subs, "--invoices", inv);
        Assert.True(code == 0, err);
        var html = File.ReadAllText(output.Trim());
        foreach (var section in new[] { "The other tables: what was read", "Subscriptions (your files)", "Receivables (your files)", "Surveys (your files)", "Loyalty programme (your files)" })
            Assert.Contains(section, html);
        Assert.Contains("line " + (s.Surveys.Count + 2) + ", column NPS: &#39;11&#39; is outside the 0–10 scale", html);
        Assert.True(File.Exists(Path.Combine(dir, "out", "dso.csv")));
        Assert.DoesNotContain("SYNTHETIC", html);
    }

    [Fact]
    public void Metrics_TakeTheTables_InTextAndJson()
    {
        var (s, _, orders) = WithOrders();
        string surveys = Write("surveys.csv", SurveysCsv(s));
        string subs = Write("subscriptions.csv", SubscriptionsCsv(s));
        var (code, text, err) = Cli.Run("metrics", orders, "--surveys", surveys, "--subscriptions", subs);
        Assert.True(code == 0, err);
        Assert.Contains("Other tables", text);
        Assert.Contains($"surveys.csv (surveys): {s.Surveys.Count:N0} rows read = {s.Surveys.Count:N0} accepted + 0 rejected", text);
        Assert.Contains("subscriptions, ", text);
        var (jcode, json, jerr) = Cli.Run("metrics", orders, "--surveys", surveys, "--json");
        Assert.True(jcode == 0, jerr);
        var other = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("otherTables");
        Assert.Equal(NetPromoterScore.Compute(s.Surveys).Score, other.GetProperty("nps").GetProperty("score").GetDouble(), 9);
        Assert.Equal(JsonValueKindNull, other.GetProperty("subscriptions").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public void AGzipTable_LoadsAsItsText()
    {
        var text = "customer,joined,left\na,2024-01-01,\nb,2024-02-01,2024-01-01\n";
        var path = Path.Combine(Directory.CreateTempSubdirectory("tables-gz-").FullName, "members.csv.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Optimal))
            gz.Write(Encoding.UTF8.GetBytes(text));
        var r = TableLoader.Members(path);
        Assert.Equal((2L, 1L, 1L), (r.Report.RowsRead, r.Report.RowsAccepted, r.Report.RowsRejected));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]); // a download cut off
        Assert.Throws<TransactionLoadException>(() => TableLoader.Members(path));
    }

    [Fact]
    public void AnUnusableFile_IsOneClearError()
    {
        var e = Assert.Throws<TransactionLoadException>(() => TableLoader.Surveys(Write("x.csv", "who,when,score\na,2024-01-01,9\n")));
        Assert.Contains("no customer column", e.Message);
        Assert.Contains("found: who, when, score", e.Message);
        var mapped = Assert.Throws<TransactionLoadException>(() => TableLoader.Members(Write("m.csv", "customer,joined\na,2024-01-01\n"), new TableOptions { Columns = new Dictionary<string, string> { ["joined"] = "since" } }));
        Assert.Contains("'since' is not in the header", mapped.Message);
        var ambiguous = Assert.Throws<TransactionLoadException>(() => TableLoader.Members(Write("m.csv", "customer,joined\na,01/02/2024\nb,03/04/2024\n")));
        Assert.Contains("day-first or month-first", ambiguous.Message);
        var strict = Assert.Throws<TransactionLoadException>(() => TableLoader.Members(Write("m.csv", "customer,joined\na,2024-01-01\nb,never\n"), new TableOptions { Strict = true }));
        Assert.Equal(3, strict.Line);
        Assert.Throws<TransactionLoadException>(() => TableLoader.Invoices(Write("e.csv", "")));
        Assert.Throws<FileNotFoundException>(() => TableLoader.Invoices(Path.Combine(Path.GetTempPath(), "no-such-file.csv")));
    }
}
