using System.CommandLine;
using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Sql;

namespace RetentionKit.Cli;

/// <summary><c>--engine</c>: where the lines are reduced to orders, returns and product sales.</summary>
internal sealed class EngineArguments
{
    /// <summary>Above this size a file is suggested to DuckDB: the lines in memory take about 140 bytes each.</summary>
    internal const long LargeFileBytes = 1L << 30;

    public Option<string> Engine { get; } = new("--engine")
    {
        Description = "Where the lines are reduced: memory (default; files that fit), or duckdb (embedded DuckDB: files larger than memory, Parquet folders)",
        DefaultValueFactory = _ => "memory",
    };
    public Option<string> MemoryLimit { get; } = new("--memory-limit") { Description = "With --engine duckdb: DuckDB's memory limit, beyond which it spills to disk (default 3GB)", DefaultValueFactory = _ => "3GB" };

    public void AddTo(Command c) { c.Options.Add(Engine); c.Options.Add(MemoryLimit); }

    /// <summary>Reads and reduces <paramref name="path"/> on the chosen engine; a note goes to <paramref name="notes"/> when another engine would suit it better.</summary>
    public ReducedTransactions Reduce(ParseResult r, string path, LoadOptions options, TextWriter notes)
    {
        var engine = (r.GetValue(Engine) ?? "memory").Trim().ToLowerInvariant();
        switch (engine)
        {
            case "memory":
                if (Directory.Exists(path))
                    throw new UsageException($"'{Echo.Value(path)}' is a folder: the in-memory engine reads one file; --engine duckdb reads a folder of Parquet files.");
                if (File.Exists(path) && new FileInfo(path).Length > LargeFileBytes)
                    notes.WriteLine($"note: {Path.GetFileName(path)} is {new FileInfo(path).Length / (double)(1L << 30):0.0} GB; in memory its lines take about 140 bytes each. --engine duckdb reduces it in embedded DuckDB within --memory-limit, with the same results.");
                return ReducedTransactions.From(TransactionLoader.Load(path, options));
            case "duckdb":
                var limit = (r.GetValue(MemoryLimit) ?? "3GB").Trim();
                if (DuckDbSettings.BytesOf(limit) is null)
                    throw new UsageException($"--memory-limit: expected a size such as 3GB or 512MB, got '{Echo.Value(limit)}'.");
                return DuckDbEngine.Reduce(path, options, new DuckDbSettings(limit));
            default:
                throw new UsageException($"--engine: expected memory or duckdb, got '{Echo.Value(engine)}'.");
        }
    }
}
