using DuckDB.NET.Data;
using RetentionKit.Clv;
using RetentionKit.Cohorts;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Reductions;
using RetentionKit.Retention;
using RetentionKit.Sql;

/// <summary>The engine benchmarks: the kit in memory and on DuckDB, and the hand-written DuckDB SQL a user would write instead.</summary>
internal static class Engines
{
    private static ReducedTransactions Reduce(string file, string engine) => engine == "duckdb"
        ? DuckDbEngine.Reduce(file)
        : ReducedTransactions.From(TransactionLoader.Load(file));

    public static long AllMetrics(string file, string engine)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Reduce(file, engine);
        double reduced = clock.Elapsed.TotalSeconds;
        long reducePeak = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
        var m = MetricSuite.Compute(r, new SuiteOptions { Period = PeriodLength.Month });
        double metrics = clock.Elapsed.TotalSeconds;
        long metricsPeak = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
        var summary = CustomerSummary.From(r.History, TimeUnit.Week, r.History.LastOrder!.Value.Date.AddDays(1));
        var fit = BgNbd.Fit(summary);
        Console.Error.WriteLine($"{r.Report.RowsAccepted:N0} lines, {r.History.OrderCount:N0} orders, {r.History.CustomerCount:N0} customers; " +
                                $"monthly retention {m.Retention.Periods.Count} periods; BG/NBD {fit.Parameters} ({fit.Iterations} iterations); " +
                                $"reduce {reduced:0.0} s (peak so far {reducePeak:N0} MB), metrics {metrics - reduced:0.0} s (peak so far {metricsPeak:N0} MB), BG/NBD {clock.Elapsed.TotalSeconds - metrics:0.0} s");
        return r.Report.RowsAccepted;
    }

    public static long ThreeByKit(string file)
    {
        var r = DuckDbEngine.Reduce(file);
        // The suite computes more than the three tables (lapse, revenue, repeat, returns, RFM, at risk): the kit pays for all of it.
        var m = MetricSuite.Compute(r, new SuiteOptions { Period = PeriodLength.Month, MinimumPeriods = 0 });
        var (retention, cohorts) = (m.Retention, m.Cohorts);
        var summary = CustomerSummary.From(r.History, TimeUnit.Day, r.History.LastOrder!.Value.Date.AddDays(1));
        return retention.Periods.Count + cohorts.Starts.Count + summary.Count;
    }

    // What a user would write in plain DuckDB SQL for the same three tables: orders, active months, retained next month,
    // first month cohorts, and frequency / recency / T / mean spend per customer.
    public static long ThreeByHand(string file)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        string src = Directory.Exists(file) ? $"read_parquet('{Path.Combine(file, "**", "*.parquet")}', hive_partitioning = true)"
            : file.EndsWith(".parquet", StringComparison.Ordinal) ? $"read_parquet('{file}')" : $"read_csv('{file}', header = true)";
        long rows = 0;
        void Run(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows++;
        }
        Run($"CREATE TEMP TABLE o AS SELECT CustomerID AS c, InvoiceNo AS i, min(InvoiceDate) AS t, sum(Amount) AS v FROM {src} WHERE CustomerID IS NOT NULL AND Quantity > 0 GROUP BY 1, 2");
        Run("CREATE TEMP TABLE m AS SELECT DISTINCT c, date_trunc('month', t) AS mo FROM o");
        Run("SELECT a.mo, count(*) AS active, count(b.c) AS retained FROM m a LEFT JOIN m b ON a.c = b.c AND b.mo = a.mo + INTERVAL 1 MONTH GROUP BY 1 ORDER BY 1");
        Run("SELECT f, date_diff('month', f, mo) AS k, count(*) AS n FROM m JOIN (SELECT c, min(mo) AS f FROM m GROUP BY c) USING (c) GROUP BY 1, 2 ORDER BY 1, 2");
        Run("SELECT c, count(*) - 1 AS frequency, date_diff('day', min(t), max(t)) AS recency, date_diff('day', min(t), (SELECT max(t) FROM o) + INTERVAL 1 DAY) AS T, avg(v) AS spend FROM o GROUP BY c");
        return rows;
    }

    public static void ToParquet(string csv, string folder)
    {
        Directory.CreateDirectory(folder);
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        // In line order (one writer keeps insertion order), a new file every ~256 MB: data_0.parquet, data_1.parquet, …
        cmd.CommandText = $"SET preserve_insertion_order = true; COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{folder}' (FORMAT parquet, FILE_SIZE_BYTES '256MB', OVERWRITE_OR_IGNORE true)";
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }
}
