using System.Diagnostics;
using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Synthetic;

// Times one kit operation: a warm-up, then the median of N runs, printed as "seconds=… peak_mb=…"
// for benchmarks/run.sh to set against the pandas peer on the same file.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 1) { Console.Error.WriteLine("usage: load FILE [runs] | generate FILE ROWS"); return 2; }

switch (args[0])
{
    case "generate":
    {
        long rows = SyntheticData.WriteTransactions(SyntheticData.ForRows(long.Parse(args[2], CultureInfo.InvariantCulture)), args[1]);
        Console.WriteLine($"rows={rows}");
        return 0;
    }
    case "load":
    {
        string file = args[1];
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine(Measure(() => TransactionLoader.Load(file).Report.RowsAccepted, runs));
        return 0;
    }
    case "floor":
    {
        // The machine's floor for reading a file: gunzip and UTF-8 decoding into characters, nothing parsed (what the
        // loader must do at the least, on one core, since a gzip stream cannot be split).
        string file = args[1];
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine(Measure(() =>
        {
            using var raw = File.OpenRead(file);
            Stream s = raw.ReadByte() == 0x1F ? new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress) : raw;
            raw.Position = 0;
            using var text = new StreamReader(s, System.Text.Encoding.UTF8, false, 1 << 16);
            var buffer = new char[1 << 16];
            long chars = 0;
            int n;
            while ((n = text.Read(buffer, 0, buffer.Length)) > 0) chars += n;
            return chars;
        }, runs));
        return 0;
    }
    case "metrics":
    {
        // The whole metric suite on already loaded data (loading is timed by "load"), monthly as in the pandas peer.
        string file = args[1];
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var t = TransactionLoader.Load(file).Transactions;
        var options = new RetentionKit.Metrics.SuiteOptions { Period = RetentionKit.Periods.PeriodLength.Month };
        Console.WriteLine(Measure(() => RetentionKit.Metrics.MetricSuite.Compute(t, options).History.OrderCount, runs));
        return 0;
    }
    case "clv":
    {
        // BG/NBD fit on CDNOW's 39-week calibration (the summary is built once, outside the timing).
        var h = RetentionKit.Customers.OrderHistory.From(TransactionLoader.Load(args[1], LoadOptions.Cdnow).Transactions);
        var s = RetentionKit.Clv.CustomerSummary.From(h, RetentionKit.Clv.TimeUnit.Week, new DateTime(1997, 10, 1));
        Console.WriteLine(Measure(() => RetentionKit.Clv.BgNbd.Fit(s).Customers, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 11));
        return 0;
    }
    case "paretonbd":
    {
        // Pareto/NBD on the same CDNOW summary as the BG/NBD benchmark.
        var h = RetentionKit.Customers.OrderHistory.From(TransactionLoader.Load(args[1], LoadOptions.Cdnow).Transactions);
        var s = RetentionKit.Clv.CustomerSummary.From(h, RetentionKit.Clv.TimeUnit.Week, new DateTime(1997, 10, 1));
        Console.WriteLine(Measure(() => RetentionKit.Clv.ParetoNbd.Fit(s).Customers, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5));
        return 0;
    }
    case "bgbb":
    {
        var d = RetentionKit.Clv.DiscreteSummary.Load(args[1]);
        Console.WriteLine(Measure(() => (long)RetentionKit.Clv.BgBb.Fit(d).Customers, 11));
        return 0;
    }
    case "sbg":
    {
        // sBG on the paper's regular cohort, and on the synthetic subscription file (one row per subscription).
        Console.WriteLine(Measure(() => RetentionKit.Survival.ShiftedBetaGeometric.Fit([1000, 631, 468, 382, 326, 289, 262, 241]).Customers, 11));
        return 0;
    }
    case "clv-simulated":
    {
        // BG/NBD fit on N simulated customers with day-resolution times, as real data has.
        int n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var s = BuyTillYouDie.Simulate(new RetentionKit.Clv.BgNbdParameters(0.25, 4, 0.8, 2.5), null, n, seed: 1, dayResolution: true);
        Console.WriteLine(Measure(() => RetentionKit.Clv.BgNbd.Fit(s).Customers, 3));
        return 0;
    }
    case "phases":
    {
        // Where load time goes: decompression alone, CSV tokenising alone, then the whole load.
        string file = args[1];
        Console.WriteLine("gunzip   " + Measure(() => { using var s = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress); var buf = new byte[1 << 16]; long n = 0; int r; while ((r = s.Read(buf)) > 0) n += r; return n; }, 1));
        Console.WriteLine("tokenise " + Measure(() => { using var s = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress)); using var r = Sylvan.Data.Csv.CsvDataReader.Create(s); long n = 0; while (r.Read()) { for (int i = 0; i < r.FieldCount; i++) n += r.GetFieldSpan(i).Length; } return n; }, 1));
        Console.WriteLine("load     " + Measure(() => TransactionLoader.Load(file).Report.RowsAccepted, 1));
        return 0;
    }
    case "notebook":
    {
        // A notebook of N one-line code cells: each declares a variable ("distinct") or all update one ("update").
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        bool distinct = args.Length < 4 || args[3] == "distinct";
        var cells = new System.Text.Json.Nodes.JsonArray();
        for (int i = 0; i <= n; i++)
        {
            string source = i == n ? (distinct ? $"v0 + v{n - 1}" : "x") : distinct ? $"var v{i} = {i};" : i == 0 ? "var x = 0;" : "x = x + 1;";
            cells.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["outputs"] = new System.Text.Json.Nodes.JsonArray(), ["source"] = source,
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["dotnet_interactive"] = new System.Text.Json.Nodes.JsonObject { ["language"] = "csharp" } },
            });
        }
        var nb = new System.Text.Json.Nodes.JsonObject
        {
            ["cells"] = cells, ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["kernelspec"] = new System.Text.Json.Nodes.JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
        };
        File.WriteAllText(args[1], nb.ToJsonString());
        Console.WriteLine($"cells={n + 1}");
        return 0;
    }
    case "engine":
    {
        // Every metric plus the BG/NBD fit from a file or Parquet folder, reduced in memory or in DuckDB: one run, so the
        // peak is that run's (warm-up and repeats would not fit the time at 100 million lines).
        string file = args[1], engine = args[2];
        Console.WriteLine(Measure(() => Engines.AllMetrics(file, engine), 0));
        return 0;
    }
    case "to-parquet":
    {
        // A generated gzip CSV as a folder of Parquet files of about 256 MB each, in line order.
        Engines.ToParquet(args[1], args[2]);
        return 0;
    }
    case "three":
    {
        // Monthly retention, the monthly cohort matrix and the customer summary: by the kit on DuckDB, or by hand-written DuckDB SQL.
        string file = args[1], who = args[2];
        Console.WriteLine(Measure(() => who == "kit" ? Engines.ThreeByKit(file) : Engines.ThreeByHand(file), 0));
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
        return 2;
}

static string Measure(Func<long> body, int runs)
{
    long check = runs > 0 ? body() : 0; // warm-up: JIT and file cache (none for a single cold run)
    if (runs == 0) runs = 1;
    var times = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        check = body();
        times.Add(sw.Elapsed.TotalSeconds);
    }
    times.Sort();
    double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    return string.Create(CultureInfo.InvariantCulture, $"seconds={times[times.Count / 2]:F3} peak_mb={peakMb:F0} rows={check}");
}
