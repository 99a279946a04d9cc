using RetentionKit.Reductions;
using RetentionKit.Clv;
using System.CommandLine;
using RetentionKit.Charts.Reports;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Synthetic;

namespace RetentionKit.Cli;

/// <summary><c>retention report [FILE]</c>: one offline HTML report plus its tables as CSVs, a workbook, or both.</summary>
internal static class ReportCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("FILE") { Description = "Transaction file (default: the shipped Online Retail data, data/online_retail/online_retail.csv.gz)", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string>("--out") { Description = "Folder for retention-report.html and the CSVs (default: retention-report)", DefaultValueFactory = _ => "retention-report" };
        var format = new Option<string>("--format") { Description = "The tables beside the report: csv (one file each), xlsx (one workbook, a sheet each: retention-report.xlsx) or both", DefaultValueFactory = _ => "csv" };
        var appendix = new Option<bool>("--synthetic-appendix") { Description = "Add an appendix showing subscription, DSO, survey and loyalty metrics on the generator's synthetic tables" };
        var tables = new TableArguments();
        var loader = new LoaderArguments();
        var suite = new MetricsCommand.SuiteArguments();
        var cmd = new Command("report", "Write an offline HTML report with every metric, its chart and definition, plus CSVs of every table.") { file, outDir, format, appendix };
        tables.AddTo(cmd);
        loader.AddTo(cmd);
        var engine = new EngineArguments();
        engine.AddTo(cmd);
        suite.AddTo(cmd);
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            var path = r.GetValue(file) ?? FindShippedData();
            var options = suite.Build(r) with { MinimumPeriods = 3 };
            var kind = (r.GetValue(format) ?? "csv").Trim().ToLowerInvariant();
            if (kind is not ("csv" or "xlsx" or "both")) throw new UsageException($"--format: expected csv, xlsx or both, got '{Echo.Value(kind)}'.");
            var output = Write(path, loader.Build(r), options, r.GetValue(outDir)!, r.GetValue(appendix), stderr, tables.Paths(r), kind,
                (p, o) => engine.Reduce(r, p, o, stderr));
            stdout.WriteLine(output);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Runs the whole job and returns the report's full path; progress goes to <paramref name="progress"/>.</summary>
    internal static string Write(string path, LoadOptions loadOptions, SuiteOptions options, string outDir, bool syntheticAppendix, TextWriter progress,
        TableArguments.Files? tableFiles = null, string format = "csv", Func<string, LoadOptions, ReducedTransactions>? reduce = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Step(string what) => progress.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {what}");
        // The folder is checked before the work: a report that cannot be written should not take a minute to say so.
        PrepareFolder(outDir);
        Step($"loading {path}");
        var load = (reduce ?? ((p, o) => ReducedTransactions.From(TransactionLoader.Load(p, o))))(path, loadOptions);
        Step($"computing metrics on {load.Report.RowsAccepted:N0} lines ({load.History.OrderCount:N0} orders, reduced {(load.Engine == "in memory" ? "in memory" : "by " + load.Engine)})");
        var metrics = MetricSuite.Compute(load, options);
        Step("fitting BG/NBD and Gamma–Gamma");
        ClvModels? clv = null;
        string? clvError = null;
        try { clv = ReportClv.Compute(metrics.History, metrics.History.LastOrder!.Value.Date.AddDays(1)); }
        catch (ModelFitException e) { clvError = e.Message; }
        var synthetic = syntheticAppendix ? SyntheticData.Generate() : null;
        var (other, otherReports) = tableFiles is null ? (null, []) : TableArguments.Load(tableFiles, loadOptions, Step);
        Step("drawing charts and writing the report");
        var report = RetentionReport.Build(load.Report, metrics, clv, synthetic, clvError, other, otherReports);
        var html = Path.GetFullPath(Path.Combine(outDir, "retention-report.html"));
        File.WriteAllText(html, report.Render());
        var written = new List<string> { "retention-report.html" };
        if (format is "csv" or "both")
            foreach (var t in report.Tables)
            {
                File.WriteAllText(Path.Combine(outDir, t.Name + ".csv"), t.ToCsv());
                written.Add(t.Name + ".csv");
            }
        if (format is "xlsx" or "both")
        {
            ReportWorkbook.Write(report.Tables, Path.Combine(outDir, Workbook));
            written.Add(Workbook);
        }
        File.WriteAllLines(Path.Combine(outDir, Manifest), written);
        Step($"done: {report.ChartCount} charts, {report.Tables.Count} tables");
        return html;
    }

    private const string Workbook = "retention-report.xlsx";

    /// <summary>What the last report wrote into its folder, so the next one can remove it and leave nothing stale.</summary>
    private const string Manifest = "retention-report.files";

    /// <summary>
    /// Makes sure the report can be written to <paramref name="outDir"/>, and removes the files a previous report wrote
    /// there (listed in its manifest): a rejections.csv from an earlier run must not sit beside a report without rejections.
    /// Files the kit did not write are left alone.
    /// </summary>
    private static void PrepareFolder(string outDir)
    {
        if (File.Exists(outDir)) throw new UsageException($"--out: '{outDir}' is a file; give a folder for the report.");
        try
        {
            Directory.CreateDirectory(outDir);
            var manifest = Path.Combine(outDir, Manifest);
            if (File.Exists(manifest))
                foreach (var name in File.ReadAllLines(manifest).Where(n => n.Length > 0 && Path.GetFileName(n) == n))
                    File.Delete(Path.Combine(outDir, name));
            var probe = Path.Combine(outDir, ".retention-write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write the report into '{outDir}' ({e.Message}).");
        }
    }

    /// <summary>The shipped data, looked for from the working folder upwards, then from the program's folder.</summary>
    private static string FindShippedData()
    {
        try { return ShippedData.Find(ShippedData.OnlineRetail); }
        catch (FileNotFoundException)
        {
            try { return ShippedData.Find(ShippedData.OnlineRetail, AppContext.BaseDirectory); }
            catch (FileNotFoundException) { throw new UsageException($"no FILE given and the shipped data (data/{ShippedData.OnlineRetail}) was not found above {Directory.GetCurrentDirectory()}; pass a transaction file."); }
        }
    }
}
