using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RetentionKit.Cli;
using RetentionKit.Data;
using RetentionKit.Notebooks;

namespace RetentionKit.Tests.Hostile;

/// <summary>
/// Messy and hostile inputs (issue 12): every failure is one clear message with exit code 2, nothing is misread or lost
/// silently. Each test covers a class of input, most of them as properties over generated cases.
/// </summary>
public class HostileInputTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args) => RetentionKit.Tests.Cli.Run(args);

    private static string Temp(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hostile-").FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Gzip(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    private static readonly string Csv = "customer,order,date,quantity,price\n" +
        string.Concat(Enumerable.Range(0, 4000).Select(i => $"K{i % 97},o{i},2024-{1 + i % 12:00}-{1 + i % 28:00},{1 + i % 5},{(i % 13) + 0.5}\n"));

    private static void OneCleanLine(string err)
    {
        Assert.StartsWith("retention: ", err);
        Assert.DoesNotContain("   at ", err);   // no stack trace
        Assert.DoesNotContain("(Parameter '", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Property(MaxTest = 25)]
    public Property TruncatedGzip_IsAnError_NeverAShorterFile(PositiveInt cut)
    {
        var gz = Gzip(Csv);
        int at = 10 + cut.Get % (gz.Length - 11);
        var path = Temp("cut.csv.gz", gz[..at]);
        var (code, _, err) = Cli("inspect", path);
        return (code == 2 && err.Contains("cut.csv.gz", StringComparison.Ordinal)).Label($"cut at {at} of {gz.Length}: exit {code}, {err}");
    }

    [Property(MaxTest = 25)]
    public Property DamagedGzip_IsOneClearMessage(PositiveInt where, byte mask)
    {
        var gz = Gzip(Csv);
        int at = 10 + where.Get % (gz.Length - 30);
        for (int i = at; i < Math.Min(gz.Length - 8, at + 64); i++) gz[i] ^= (byte)(mask | 1);
        var (code, _, err) = Cli("inspect", Temp("damaged.csv.gz", gz));
        // A damaged stream can still decompress to something CSV-like; what matters is no crash and no silent loss.
        if (code == 0) return true.Label("decompressed to a file that loads (damage inside a value)");
        OneCleanLine(err);
        return (code == 2).Label(err);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("\\")]
    [InlineData("'dd")]          // unbalanced quote
    [InlineData(" ")]            // empty
    [InlineData("HH:mm")]        // no date part
    [InlineData("dd/MM")]        // no year
    public void UnusableDateFormat_IsAUsageError(string format)
    {
        var (code, _, err) = Cli("inspect", Temp("a.csv", Encoding.UTF8.GetBytes(Csv)), "--date-format", format);
        Assert.Equal(2, code);
        OneCleanLine(err);
        Assert.Contains("--date-format", err);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("{ not json", "not valid notebook JSON")]
    [InlineData("[]", "found an array")]
    [InlineData("{\"nbformat\": 4}", "no \"cells\" array")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "nbformat 3")]
    [InlineData("{\"nbformat\": \"4\", \"cells\": []}", "must be the number 4")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\", 5]}]}", "line 2 must be a string")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"cell_type\": 7, \"source\": \"x\"}]}", "\"cell_type\" must be")]
    [InlineData("{\"nbformat\": 4, \"cells\": [3]}", "cell 1: expected an object")]
    public void MalformedNotebook_IsNamed_AndTheOthersStillRun(string json, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("nbbad-").FullName;
        File.WriteAllText(Path.Combine(dir, "a-bad.ipynb"), json);
        var good = RetentionKit.Tests.Notebooks.NotebookTestKit.Write(("code", "1 + 1"));
        File.Copy(good, Path.Combine(dir, "b-good.ipynb"));
        var ex = Assert.Throws<NotebookException>(() => Notebook.Load(Path.Combine(dir, "a-bad.ipynb")));
        Assert.Contains(expected, ex.Message);
        var (code, stdout, err) = Cli("notebooks", "run", dir, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains("a-bad.ipynb", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Contains("ok      ", stdout); // b-good ran
        Assert.True(File.Exists(Path.Combine(dir, "out", "b-good.html")));
    }

    [Fact]
    public void Export_RefusesToOverwriteTheNotebook_OrAnExistingFileWithoutForce()
    {
        var nb = Path.Combine(RetentionKit.Tests.Notebooks.NotebookTestKit.NotebooksDir, "03-retention-and-churn.ipynb");
        var (code, _, err) = Cli("notebooks", "export", nb, "--out", nb);
        Assert.Equal(2, code);
        Assert.Contains("is the notebook itself", err);
        var existing = Temp("app.cs", Encoding.UTF8.GetBytes("// mine"));
        Assert.Equal(2, Cli("notebooks", "export", nb, "--out", existing).Code);
        Assert.Equal("// mine", File.ReadAllText(existing));
        Assert.Equal(0, Cli("notebooks", "export", nb, "--out", existing, "--force").Code);
        Assert.Contains("#:project", File.ReadAllText(existing));
    }

    [Theory]
    [InlineData("NA")]
    [InlineData("nan")]
    [InlineData("NULL")]
    [InlineData("None")]
    [InlineData("N/A")]
    public void MissingMarkers_AreRowsWithoutACustomer(string marker)
    {
        var csv = $"customer,date,amount\nA,2024-01-01,5\n{marker},2024-01-02,1000000\n{marker.ToLowerInvariant()},2024-01-03,1000000\n";
        var r = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "m.csv").Report;
        Assert.Equal(1, r.Customers);
        Assert.Equal(2, r.RowsWithoutCustomer);
        Assert.Equal(2000005, r.NetRevenue, 6); // still revenue
    }

    [Fact]
    public void MissingMarkers_CanBeSwitchedOff()
    {
        var csv = "customer,date,amount\nNA,2024-01-01,5\n";
        var r = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "m.csv", new LoadOptions { MissingMarkers = [] }).Report;
        Assert.Equal(1, r.Customers);
    }

    [Fact]
    public void AmountsThatOverflow_AreRejected_NotInfinity()
    {
        var csv = "customer,date,quantity,price\nA,2024-01-01,1e200,1e200\nB,2024-01-02,2,3\n";
        var r = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "big.csv").Report;
        Assert.Equal((2L, 1L, 1L), (r.RowsRead, r.RowsAccepted, r.RowsRejected));
        Assert.Contains("not a finite amount", r.Rejections.Single().Reason);
        Assert.Equal(6, r.NetRevenue);
    }

    [Property(MaxTest = 30)]
    public Property EchoedValues_AreBounded_AndCannotDriveTheTerminal(NonEmptyString junk, PositiveInt size)
    {
        var value = "\u001b[31m" + junk.Get.Replace("\n", "").Replace("\r", "").Replace("\"", "") + new string('x', size.Get % 5000);
        var csv = $"customer,date,amount\nA,\"{value}\",5\n";
        var r = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "e.csv").Report;
        var shown = r.Rejections.Single().Value;
        return (shown.Length <= Echo.MaxChars * 6 + 40 && !shown.Contains('\u001b') && shown.Contains("\\u001B", StringComparison.Ordinal))
            .Label($"{shown.Length} chars: {shown[..Math.Min(60, shown.Length)]}");
    }

    [Fact]
    public void MetricsAndClv_SayWhenRowsWereRejected()
    {
        var csv = Csv + "K1,bad,not-a-date,1,1\nK2,bad2,2024-01-01,x,1\n";
        var path = Temp("some-bad.csv", Encoding.UTF8.GetBytes(csv));
        var (code, text, _) = Cli("metrics", path);
        Assert.Equal(0, code);
        Assert.Contains("2 rejected", text);
        Assert.Contains("warning: 2 of 4,002 rows were rejected", text);
        var (jcode, json, _) = Cli("metrics", path, "--json");
        Assert.Equal(0, jcode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("load").GetProperty("rowsRejected").GetInt64());
        var (ccode, clv, _) = Cli("clv", path);
        Assert.Equal(0, ccode);
        Assert.Contains("2 rejected", clv);
    }

    /// <summary>Any command, any of these files, any of these options: exit 0 or 2, never a stack trace.</summary>
    [Property(MaxTest = 60)]
    public Property Cli_NeverCrashes(byte[] bytes, PositiveInt pick, PositiveInt option)
    {
        string[] commands = ["inspect", "metrics", "clv", "report"];
        var files = new Func<string>[]
        {
            () => Temp("random.csv", bytes),
            () => Temp("random.csv.gz", bytes.Length > 2 ? [0x1F, 0x8B, .. bytes] : [0x1F, 0x8B]),
            () => Temp("tiny.csv", Encoding.UTF8.GetBytes("customer,date\n")),
            () => Temp("nodate.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n")),
            () => Temp("utf16.csv", Encoding.Unicode.GetBytes("customer,date,amount\nA,2024-01-01,5\n")),
            () => Temp("ok.csv", Encoding.UTF8.GetBytes("customer,date,amount\nA,2024-01-01,5\nA,2024-02-01,6\nB,2024-01-09,7\n")),
        };
        string[][] options = [[], ["--period", "fortnight"], ["--from", "01/02/2024"], ["--culture", "xx-YY"], ["--delimiter", "ab"], ["--horizon", "0"],
            ["--date-format", "%"], ["--churn-alert", "7"], ["--burn-in", "-3"], ["--anchor", "sideways"], ["--preset", "cdnow"], ["--to", "2024-01-01", "--from", "2024-02-01"]];
        var command = commands[pick.Get % commands.Length];
        var file = files[(pick.Get / commands.Length) % files.Length]();
        var extra = options[option.Get % options.Length];
        string[] args = command == "report" ? [command, file, "--out", Path.Combine(Path.GetDirectoryName(file)!, "rep"), .. extra.Where(e => e != "--horizon" && e != "0")] : [command, file, .. extra];
        var (code, _, err) = Cli(args);
        return (code is 0 or 2 && !err.Contains("   at ", StringComparison.Ordinal) && !err.Contains("Exception:", StringComparison.Ordinal))
            .Label($"{string.Join(' ', args)} → {code}: {err}");
    }
}

public class EncodingTests
{
    private static LoadReport Load(byte[] bytes, LoadOptions? o = null) => TransactionLoader.Load(new MemoryStream(bytes), "enc.csv", o).Report;

    /// <summary>Random Western European names saved as Windows-1252 (Danish/German Excel "CSV") stay distinct customers.</summary>
    [Property(MaxTest = 50)]
    public Property Windows1252_IsDetected_AndNamesStayApart(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        string[] stems = ["M", "Sch", "J", "B", "K"];
        string[] vowels = ["ü", "ö", "ä", "å", "ø", "æ", "é", "u", "o", "a"];
        var names = Enumerable.Range(0, 8).Select(_ => stems[rng.Next(stems.Length)] + vowels[rng.Next(vowels.Length)] + "ller" + rng.Next(3)).ToList();
        var text = "customer;date;amount\n" + string.Concat(names.Select((n, i) => $"{n};2024-01-{1 + i:00};5\n"));
        var cp1252 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var report = Load(cp1252.GetBytes(text));
        bool special = names.Any(n => n.Any(c => c > 127));
        return (report.Customers == names.Distinct().Count() && (!special || report.Encoding.StartsWith("windows-1252", StringComparison.Ordinal)))
            .Label($"{report.Customers} customers for {names.Distinct().Count()} names; {report.Encoding}");
    }

    [Fact]
    public void Utf8_IsReported_AndAnInvalidByteLaterStopsTheLoad()
    {
        var good = Load(Encoding.UTF8.GetBytes("customer,date,amount\nMüller,2024-01-01,5\n"));
        Assert.StartsWith("utf-8", good.Encoding);
        // 70,000 ASCII lines, then a Latin-1 byte: past the sniffed start, so the strict decoder catches it.
        var sb = new StringBuilder("customer,date,amount\n");
        for (int i = 0; i < 5000; i++) sb.Append("A,2024-01-01,5\n");
        var bytes = Encoding.ASCII.GetBytes(sb.ToString()).Concat(new byte[] { (byte)'M', 0xFC, (byte)',', (byte)'2' }).Concat(Encoding.ASCII.GetBytes("024-01-01,5\n")).ToArray();
        var ex = Assert.Throws<TransactionLoadException>(() => Load(bytes));
        Assert.Contains("not valid UTF-8", ex.Message);
        Assert.Contains("--encoding", ex.Message);
        Assert.Equal(5001, Load(bytes, new LoadOptions { Encoding = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252) }).RowsAccepted);
    }

    [Theory]
    [InlineData("utf-16le", "UTF-16 little-endian text without a byte-order mark")]
    [InlineData("utf-16be", "UTF-16 big-endian text without a byte-order mark")]
    [InlineData("xlsx", "Excel workbook (.xlsx)")]
    [InlineData("xls", "old Excel workbook (.xls)")]
    public void BinaryLookalikes_NameTheLikelyCause(string kind, string expected)
    {
        var text = "customer,date,amount\nA,2024-01-01,5\n";
        byte[] bytes = kind switch
        {
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            "utf-16be" => Encoding.BigEndianUnicode.GetBytes(text),
            "xlsx" => [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0],
            _ => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        };
        var ex = Assert.Throws<TransactionLoadException>(() => Load(bytes));
        Assert.Contains(expected, ex.Message);
        if (kind.StartsWith("utf-16", StringComparison.Ordinal))
            Assert.Equal(1, Load(bytes, new LoadOptions { Encoding = kind == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode }).RowsAccepted);
    }
}

public class DateOrderTests
{
    private static LoadResult Load(string csv, LoadOptions? o = null) => TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "d.csv", o);

    /// <summary>Random dates written day-first or month-first: read the right way round, or the load stops and asks; never a silent swap.</summary>
    [Property(MaxTest = 100)]
    public Property DayMonthOrder_IsDetected_OrTheLoadAsks(PositiveInt seed, bool dayFirst)
    {
        var rng = new Random(seed.Get);
        var dates = Enumerable.Range(0, 1 + rng.Next(12)).Select(_ => new DateTime(2020 + rng.Next(4), 1 + rng.Next(12), 1 + rng.Next(28))).ToList();
        var csv = "customer,date,amount\n" + string.Concat(dates.Select((d, i) => $"C{i},{(dayFirst ? d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : d.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture))},1\n"));
        try
        {
            var got = Load(csv).Transactions.Timestamps.ToArray();
            return got.SequenceEqual(dates).Label($"read {string.Join(" ", got.Select(g => g.ToString("yyyy-MM-dd")))} for {string.Join(" ", dates.Select(g => g.ToString("yyyy-MM-dd")))}");
        }
        catch (TransactionLoadException e)
        {
            // Asking is right only when no date could show the order before an ambiguous one was read.
            return e.Message.Contains("--date-format", StringComparison.Ordinal).Label(e.Message);
        }
    }

    [Theory]
    [InlineData("13:45", "is a time without a date")]
    [InlineData("3/4", "has no full date")]
    [InlineData("March 2023", "has no full date")]
    [InlineData("31/02/2023", "is not a calendar date (February 2023 has 28 days)")]
    public void IncompleteOrImpossibleDates_AreRejected(string value, string reason)
    {
        var r = Load($"customer,date,amount\nA,{value},1\nB,2023-01-05,2\n").Report;
        Assert.Equal(1, r.RowsRejected);
        Assert.Contains(reason, r.Rejections.Single().Reason);
    }

    [Fact]
    public void ADecisiveDateAfterAmbiguousOnes_StopsTheLoad_NamingTheLine()
    {
        var ex = Assert.Throws<TransactionLoadException>(() => Load("customer,date,amount\nA,01/02/2023,1\nB,15/02/2023,2\n"));
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("day-first", ex.Message);
        Assert.Contains("--date-format dd/MM/yyyy", ex.Message);
    }

    [Fact]
    public void MixedOrders_AreRejectedRowByRow()
    {
        var r = Load("customer,date,amount\nA,15/02/2023,1\nB,02/15/2023,2\n").Report;
        Assert.Contains("mixes orders", r.Rejections.Single().Reason);
    }
}

public class WindowTests
{
    private static string Year(params string[] extra)
    {
        var rows = new List<string> { "customer,date,amount" };
        for (int i = 0; i < 60; i++) rows.Add($"C{i % 9},2023-{1 + i % 12:00}-{1 + i % 27:00},{i % 7 + 1}");
        rows.AddRange(extra);
        var path = Path.Combine(Directory.CreateTempSubdirectory("window-").FullName, "year.csv");
        File.WriteAllText(path, string.Join("\n", rows) + "\n");
        return path;
    }

    [Theory]
    [InlineData("C1,2099-01-01,5")]
    [InlineData("C1,1850-06-01,5")]
    [InlineData("C1,0201-03-04,5")]   // a typo year
    public void OutlyingDate_IsRejectedByTheStatedRule_AndTheWindowStaysOnTheData(string row)
    {
        var load = TransactionLoader.Load(Year(row));
        Assert.Equal((61L, 60L, 1L), (load.Report.RowsRead, load.Report.RowsAccepted, load.Report.RowsRejected));
        var x = load.Report.Rejections.Single();
        Assert.Equal(62, x.Line);
        Assert.Contains("far outside the data's dates", x.Reason);
        Assert.Equal(2023, load.Report.LastTimestamp!.Value.Year);
        Assert.Equal(2023, load.Report.FirstTimestamp!.Value.Year);
        var m = RetentionKit.Metrics.MetricSuite.Compute(load.Transactions, new RetentionKit.Metrics.SuiteOptions { Period = RetentionKit.Periods.PeriodLength.Week });
        Assert.True(m.Grid.Periods.Count < 60);
        // Kept on request, and a grid of centuries is refused with a message, not an out-of-memory.
        var kept = TransactionLoader.Load(Year(row), new LoadOptions { KeepOutlyingDates = true });
        Assert.Equal(61, kept.Report.RowsAccepted);
        var ex = Assert.Throws<ArgumentException>(() => RetentionKit.Metrics.MetricSuite.Compute(kept.Transactions, new RetentionKit.Metrics.SuiteOptions { Period = RetentionKit.Periods.PeriodLength.Week }));
        Assert.Contains("choose a longer period", ex.Message);
    }

    [Fact]
    public void Metrics_OnDataShorterThanTheRecommendedPeriod_StepsDown_AndKeepsTheWindowOnTheData()
    {
        // Nine months of customers who reorder about every 85 days: the recommendation (a year) has no comparison.
        var rng = new Random(3);
        var rows = new List<string> { "customer,date,amount" };
        for (int c = 0; c < 40; c++)
            for (int d = rng.Next(20); d < 300; d += 40 + rng.Next(80))
                rows.Add($"C{c},{new DateTime(2023, 1, 1).AddDays(d):yyyy-MM-dd},{5 + rng.Next(45)}");
        var t = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n")), "short.csv").Transactions;
        var m = RetentionKit.Metrics.MetricSuite.Compute(t);
        Assert.NotEqual(m.Cycle.RecommendedPeriod, m.Grid.Length);
        Assert.True(m.Retention.Periods.Count >= 3);
        Assert.Contains(m.Warnings, w => w.Contains("are used instead", StringComparison.Ordinal));
        Assert.True(m.Window.End <= new DateTime(2023, 11, 1) && m.Window.Start >= new DateTime(2023, 1, 1), m.Window.ToString());
        Assert.True(m.AtRisk.AsOf <= new DateTime(2023, 11, 1));
    }
}

public class ModelFitTests
{
    [Fact]
    public void BgNbd_WithoutRepeatPurchases_SaysItCannotBeFitted_AndTheCliSaysSoToo()
    {
        var csv = "customer,date,amount\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"C{i},2024-{1 + i % 12:00}-{1 + i % 27:00},{i + 1}\n"));
        var path = Path.Combine(Directory.CreateTempSubdirectory("norepeat-").FullName, "once.csv");
        File.WriteAllText(path, csv);
        var history = RetentionKit.Customers.OrderHistory.From(TransactionLoader.Load(path).Transactions);
        var summary = RetentionKit.Clv.CustomerSummary.From(history, RetentionKit.Clv.TimeUnit.Week, new DateTime(2025, 1, 1));
        var ex = Assert.Throws<RetentionKit.Clv.ModelFitException>(() => RetentionKit.Clv.BgNbd.Fit(summary));
        Assert.Contains("no repeat purchase", ex.Message.Replace("none of the 50 customers made a repeat purchase", "no repeat purchase"));
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["clv", path], o, e));
        Assert.Contains("cannot be fitted", e.ToString());
        Assert.DoesNotContain("converged", o.ToString());
        // The report still comes out, and its CLV section says why it is empty.
        var outDir = Path.Combine(Path.GetDirectoryName(path)!, "rep");
        Assert.Equal(0, Program.Run(["report", path, "--out", outDir], new StringWriter(), new StringWriter()));
        Assert.Contains("cannot be fitted", File.ReadAllText(Path.Combine(outDir, "retention-report.html")));
    }

    [Fact]
    public void Clv_IsNotComputed_FromAFitThatDidNotConverge()
    {
        var s = RetentionKit.Tests.Clv.BgNbdTests.CdnowCalibration();
        var models = RetentionKit.Clv.ClvModels.Fit(s);
        Assert.Null(models.ValueError);
        Assert.NotNull(models.Value);
        var stuckBg = RetentionKit.Clv.ClvModels.Assemble(s, models.BgNbd with { Exit = RetentionKit.Clv.FitExit.MaxIterations }, models.GammaGamma, null, 12, 0.01, 1);
        Assert.Null(stuckBg.Value);
        Assert.Contains("BG/NBD fit did not converge (MaxIterations", stuckBg.ValueError);
        var stuckGg = RetentionKit.Clv.ClvModels.Assemble(s, models.BgNbd, models.GammaGamma! with { Exit = RetentionKit.Clv.FitExit.LineSearchFailed }, null, 12, 0.01, 1);
        Assert.Null(stuckGg.Value);
        Assert.Contains("Gamma–Gamma fit did not converge (LineSearchFailed", stuckGg.ValueError);
    }
}

public class CancellationTests
{
    [Fact]
    public void CancelledOrders_AreNeitherActivityNorSpend()
    {
        var t = Transactions.FromRows(
        [
            new Transaction("A", "1", new DateTime(2024, 1, 10, 9, 0, 0), 2, 50, 100, "P1"),
            new Transaction("A", "2", new DateTime(2024, 2, 10, 9, 0, 0), 80_995, 2.08, 168_469.6, "P2"),
            new Transaction("A", "C3", new DateTime(2024, 2, 10, 9, 10, 0), -80_995, 2.08, -168_469.6, "P2"), // 10 minutes later
            new Transaction("B", "4", new DateTime(2024, 1, 11, 9, 0, 0), 1, 30, 30, "P1"),
            new Transaction("B", "5", new DateTime(2024, 3, 11, 9, 0, 0), 1, 30, 30, "P1"),
        ]);
        var h = RetentionKit.Customers.OrderHistory.From(t);
        int a = h.CustomerIds.ToList().IndexOf("A");
        Assert.Equal(1, h.OrdersOf(a));                       // the cancelled order is not an order
        Assert.Equal([100.0], h.OrderValuesOf(a).ToArray());  // and not spend
        var summary = RetentionKit.Clv.CustomerSummary.From(h, RetentionKit.Clv.TimeUnit.Week, new DateTime(2024, 4, 1));
        Assert.Equal(0, summary.Frequency[summary.CustomerIds.ToList().IndexOf("A")]);
    }
}

public class NotebookHtmlSafetyTests
{
    [Fact]
    public void MarkdownHtml_IsShownAsText_AndStaleOutputsAreNotRendered()
    {
        var path = RetentionKit.Tests.Notebooks.NotebookTestKit.Write(
            ("markdown", "# Title\n<script>window.__pwned = 1</script>\n<img src=x onerror=alert(1)>"),
            ("code", "throw new Exception(\"stop\");"),
            ("code", "1 + 1"));
        // The input file carries an old output in the cell the run will not reach.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["cells"]![2]!["outputs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["output_type"] = "display_data", ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["text/html"] = "<script>window.__stale = 1</script>" },
        });
        File.WriteAllText(path, json.ToJsonString());
        var run = NotebookRunner.Run(path);
        Assert.False(run.Succeeded);
        var html = NotebookHtml.Render(run.Notebook);
        Assert.DoesNotContain("<script>window.__pwned", html);
        Assert.Contains("&lt;script&gt;window.__pwned", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("__stale", html);
    }
}

public class ReportFolderTests
{
    [Fact]
    public void Report_RemovesWhatItsLastRunWrote_AndLeavesOtherFilesAlone()
    {
        var dir = Directory.CreateTempSubdirectory("repfolder-").FullName;
        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "customer,date,amount\nA,2024-01-01,5\nA,2024-02-01,6\nB,2024-01-09,7\nB,not-a-date,8\n");
        var good = Path.Combine(dir, "good.csv");
        File.WriteAllText(good, "customer,date,amount\nA,2024-01-01,5\nA,2024-02-01,6\nB,2024-01-09,7\n");
        var outDir = Path.Combine(dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "mine.txt"), "keep me");
        Assert.Equal(0, Program.Run(["report", bad, "--out", outDir], new StringWriter(), new StringWriter()));
        Assert.True(File.Exists(Path.Combine(outDir, "rejections.csv")));
        Assert.Equal(0, Program.Run(["report", good, "--out", outDir], new StringWriter(), new StringWriter()));
        Assert.False(File.Exists(Path.Combine(outDir, "rejections.csv")));   // stale, from the first run
        Assert.True(File.Exists(Path.Combine(outDir, "mine.txt")));
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["report", good, "--out", good], o, e)); // a file, not a folder: said before any work
        Assert.Contains("is a file", e.ToString());
    }
}

public class QuoteTests
{
    [Property(MaxTest = 20)]
    public Property AnUnclosedQuote_IsNamedWithItsLineRange(PositiveInt where, PositiveInt span)
    {
        int open = 2 + where.Get % 50, lines = 25 + span.Get % 400;
        var rows = new List<string> { "customer,date,amount" };
        for (int i = 0; i < open - 1; i++) rows.Add($"C{i},2024-01-{1 + i % 27:00},5");
        rows.Add($"X,2024-01-05,\"5");
        for (int i = 0; i < lines; i++) rows.Add($"S{i},2024-01-{1 + i % 27:00},5");
        rows.Add("end\"");
        for (int i = 0; i < 30; i++) rows.Add($"D{i},2024-02-{1 + i % 27:00},5");
        var r = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n")), "q.csv").Report;
        int first = open + 1; // physical line of the record that opened the quote
        return r.Warnings.Any(w => w.Contains($"lines {first:N0}–", StringComparison.Ordinal) && w.Contains("a quote is not closed", StringComparison.Ordinal))
            .Label(string.Join(" | ", r.Warnings));
    }
}

public class RoleTests
{
    [Fact]
    public void AutoMappedRoles_CanBeSetOrSwitchedOff()
    {
        // `refund` is a money column here and `id` a row number: both would be auto-mapped wrongly.
        var csv = "id,client,date,amount,refund\n1,A,2024-01-01,50,0\n2,A,2024-02-01,60,5\n3,B,2024-01-05,70,0\n";
        var path = Path.Combine(Directory.CreateTempSubdirectory("roles-").FullName, "roles.csv");
        File.WriteAllText(path, csv);
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, Program.Run(["inspect", path, "--json"], o, e));
        using (var before = System.Text.Json.JsonDocument.Parse(o.ToString()))
            Assert.Equal(1, before.RootElement.GetProperty("rowsRejected").GetInt32()); // refund 5 is not a yes/no flag: rejected, not guessed
        var (o2, e2) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, Program.Run(["inspect", path, "--customer", "client", "--return-flag", "none", "--json"], o2, e2));
        using var doc = System.Text.Json.JsonDocument.Parse(o2.ToString());
        Assert.Equal(2, doc.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("rowsRejected").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("returnRows").GetInt32());
        var (o3, e3) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["inspect", path, "--customer", "none"], o3, e3));
        Assert.Contains("cannot be switched off", e3.ToString());
    }
}

public class IdFormatTests
{
    [Property(MaxTest = 50)]
    public Property NumericIdsWrittenDifferently_AreWarned_AndCanBeMerged(PositiveInt n, byte zeros)
    {
        string id = (n.Get % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string padded = new string('0', 1 + zeros % 4) + id, floaty = id + ".0";
        var csv = $"customer,date,amount\n{id},2024-01-01,5\n{padded},2024-01-02,6\n{floaty},2024-01-03,7\n";
        var plain = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "ids.csv").Report;
        var merged = TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "ids.csv", new LoadOptions { NormalizeNumericIds = true });
        return (plain.Customers == 3 && plain.Warnings.Any(w => w.Contains("--normalize-ids", StringComparison.Ordinal))
                && merged.Report.Customers == 1 && merged.Transactions.CustomerIds.Single() == id)
            .Label($"{plain.Customers} / {merged.Report.Customers}: {string.Join(" | ", plain.Warnings)}");
    }

    [Theory]
    [InlineData("A-123")]
    [InlineData("123.5")]
    [InlineData("12e3")]
    public void NonNumericIds_AreLeftAsWritten(string id) => Assert.Null(NumericIds.Normalize(id));
}

public class OptionRangeTests
{
    [Theory]
    [InlineData("metrics", "--from", "0001-01-01", "between 1900-01-01 and 2199-12-31")]
    [InlineData("clv", "--observation-end", "9999-12-31", "between 1900-01-01 and 2199-12-31")]
    [InlineData("metrics", "--period", "99999999d", "longer than a century")]
    [InlineData("clv", "--horizon", "100000", "from 1 to 600")]
    [InlineData("metrics", "--lapse-cycles", "0", "from 1 to 24")]
    [InlineData("metrics", "--burn-in", "-5", "from 0 to 3660")]
    public void OutOfRangeOptions_AreOneClearLine(string command, string option, string value, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("range-").FullName, "ok.csv");
        File.WriteAllText(path, "customer,date,amount\nA,2024-01-01,5\nA,2024-02-01,6\nB,2024-01-09,7\nB,2024-03-09,7\n");
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run([command, path, option, value], o, e));
        Assert.Contains(option, e.ToString());
        Assert.Contains(expected, e.ToString());
        Assert.DoesNotContain("(Parameter", e.ToString());
        Assert.DoesNotContain("Actual value", e.ToString());
    }
}

public class GenerateStreamingTests
{
    [Theory]
    [InlineData("g.csv")]
    [InlineData("g.csv.gz")]
    public void StreamedFile_IsTheSameAsTheInMemoryOne(string name)
    {
        var dir = Directory.CreateTempSubdirectory("gen-").FullName;
        var options = new RetentionKit.Synthetic.SyntheticOptions { Customers = 700, Seed = 9 };
        long lines = RetentionKit.Synthetic.SyntheticData.WriteTransactions(options, Path.Combine(dir, "streamed-" + name));
        var table = RetentionKit.Synthetic.SyntheticData.GenerateTransactions(options);
        TransactionWriter.WriteCsv(table, Path.Combine(dir, "memory-" + name));
        Assert.Equal(table.Count, lines);
        static string Text(string p) => p.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(File.OpenRead(p), CompressionMode.Decompress)).ReadToEnd() : File.ReadAllText(p);
        Assert.Equal(Text(Path.Combine(dir, "memory-" + name)), Text(Path.Combine(dir, "streamed-" + name)));
    }

    [Theory]
    [InlineData("--rows", "-5")]
    [InlineData("--rows", "0")]
    [InlineData("--customers", "0")]
    [InlineData("--dropout", "1")]
    [InlineData("--cycle-days", "0")]
    public void BadGenerateOptions_AreUsageErrors_AndWriteNothing(string option, string value)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gen-").FullName, "x.csv");
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["generate", "--out", path, option, value], o, e));
        Assert.Contains(option, e.ToString());
        Assert.False(File.Exists(path));
    }
}

public class FileArgumentTests
{
    [Fact]
    public void EmptyOrFolderPaths_AndHugeRecords_AreClearMessages()
    {
        var dir = Directory.CreateTempSubdirectory("paths-").FullName;
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["inspect", ""], o, e));
        Assert.Contains("file name is empty", e.ToString());
        var (o2, e2) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["inspect", dir], o2, e2));
        Assert.Contains("is a folder", e2.ToString());
        var huge = Path.Combine(dir, "huge.csv");
        File.WriteAllText(huge, "customer,date,amount\nA,2024-01-01,5\nB,2024-01-02,\"" + new string('x', 40_000_000) + "\n");
        var (o3, e3) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["inspect", huge], o3, e3));
        Assert.Contains("line 3", e3.ToString());
        Assert.Contains("a quote that is never closed", e3.ToString());
        Assert.DoesNotContain("MaxBufferSize", e3.ToString());
    }
}

public class CliPropertyNotebooksAndGenerate
{
    /// <summary>notebooks run/export and generate, with random files and bad options: exit 0, 1 (a cell failed) or 2, never a stack trace.</summary>
    [Property(MaxTest = 40)]
    public Property NotebooksAndGenerate_NeverCrash(byte[] bytes, PositiveInt pick)
    {
        var dir = Directory.CreateTempSubdirectory("cliprop-").FullName;
        var nb = Path.Combine(dir, "random.ipynb");
        File.WriteAllBytes(nb, bytes);
        string[][] cases =
        [
            ["notebooks", "run", nb, "--out", Path.Combine(dir, "out")],
            ["notebooks", "run", nb, "--cell-timeout", "0"],
            ["notebooks", "export", nb, "--out", Path.Combine(dir, "app.cs")],
            ["notebooks", "export", nb, "--out", nb],
            ["generate", "--out", Path.Combine(dir, "g.csv"), "--customers", "-1"],
            ["generate", "--out", Path.Combine(dir, "g.csv"), "--cycle-days", "1e308"],
            ["generate", "--out", dir, "--customers", "5"],
            ["notebooks", "run", Path.Combine(dir, "missing.ipynb")],
        ];
        var args = cases[pick.Get % cases.Length];
        var (code, _, err) = Cli.Run(args);
        return (code is 0 or 1 or 2 && !err.Contains("   at ", StringComparison.Ordinal) && !err.Contains("unexpected", StringComparison.Ordinal))
            .Label($"{string.Join(' ', args)} → {code}: {err}");
    }
}
