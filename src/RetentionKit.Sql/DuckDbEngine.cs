using System.Globalization;
using DuckDB.NET.Data;
using RetentionKit.Data;
using RetentionKit.Reductions;

namespace RetentionKit.Sql;

/// <summary>How DuckDB may use the machine.</summary>
/// <param name="MemoryLimit">DuckDB's memory limit ("3GB"); beyond it, it spills to <paramref name="TempFolder"/>.</param>
/// <param name="Threads">Threads (null: every core).</param>
/// <param name="TempFolder">Where its database and spill files go (null: a new folder under the system's temp folder, removed after).</param>
public sealed record DuckDbSettings(string MemoryLimit = "3GB", int? Threads = null, string? TempFolder = null)
{
    /// <summary>
    /// A memory limit in bytes as DuckDB reads it ("3GB", "512 MiB": KB = 1000, KiB = 1024), or null when it is not a
    /// number with one of DuckDB's units: the one rule the CLI's --memory-limit and <see cref="DuckDbEngine.Reduce"/> both check.
    /// </summary>
    internal static long? BytesOf(string limit)
    {
        var m = System.Text.RegularExpressions.Regex.Match(limit.Trim(), @"^(\d+(?:\.\d+)?)\s*([KMGT])(i?)B$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!m.Success) return null;
        double unit = Math.Pow(m.Groups[3].Value.Length > 0 ? 1024 : 1000, "KMGT".IndexOf(char.ToUpperInvariant(m.Groups[2].Value[0])) + 1);
        return (long)(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * unit);
    }
}

/// <summary>
/// The reductions in embedded DuckDB, over files larger than memory: CSV, gzip CSV, CDNOW's whitespace text, Parquet,
/// and folders of Parquet files (hive-partitioned or not). The files are read with the kit's rules, not DuckDB's
/// guesses: the header and columns are found as the loader finds them (same options, same messages), numbers in the
/// culture's form, dates by the order the column itself proves (a day above 12) and the given formats; each row
/// is accepted or rejected with its line and reason, so rows read = accepted + rejected.
/// </summary>
public static class DuckDbEngine
{
    /// <summary>Reads and reduces a file or a folder of Parquet files.</summary>
    /// <exception cref="TransactionLoadException">The file cannot be read as transactions (the message says where and why).</exception>
    /// <exception cref="FileNotFoundException">No such file or folder.</exception>
    public static ReducedTransactions Reduce(string path, LoadOptions? options = null, DuckDbSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = options ?? new LoadOptions();
        o.Validate();
        if (o.KeepExtraColumns) throw new TransactionLoadException(Path.GetFileName(path), "kept columns (--keep-columns) are not read by the DuckDB engine: segment in memory, or filter the file first.");
        var s = settings ?? new DuckDbSettings();
        long memoryBytes = DuckDbSettings.BytesOf(s.MemoryLimit)
            ?? throw new ArgumentException($"The memory limit '{s.MemoryLimit}' is not a size such as 3GB or 512MB.", nameof(settings));
        string folder = s.TempFolder ?? Path.Combine(Path.GetTempPath(), "retentionkit-duckdb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Func<ReducedTransactions> build;
        string version = "";
        try
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            using var db = new AdoRunner(connection, SqlDialect.DuckDb);
            // The lines live in a database that compresses its tables when checkpointed (a sixth of their size in
            // plain columns), used when they would not fit within the limit as they are.
            db.Execute("ATTACH ':memory:' AS rk (COMPRESS)");
            db.Execute("USE rk");
            db.Execute($"SET memory_limit = '{s.MemoryLimit.Replace("'", "")}'");
            db.Execute($"SET temp_directory = {SqlDialect.DuckDb.Literal(Path.Combine(folder, "spill"))}");
            if (s.Threads is int t) db.Execute(FormattableString.Invariant($"SET threads = {t}"));
            db.Query("SELECT version()", r => version = r.Text(0) ?? "");
            var source = DuckDbFiles.Open(db, path, o, memoryBytes);
            build = Reductions.Collect(db, source, o);
        }
        catch (DuckDBException e)
        {
            // What DuckDB could not do (a damaged Parquet file, a disk full past the memory limit) is said as the file's problem.
            throw new TransactionLoadException(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)),
                $"DuckDB could not read it: {e.Message.Split('\n')[0].Trim()}");
        }
        finally
        {
            if (s.TempFolder is null) try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        // Built once DuckDB is closed: its buffers are given back before the orders' arrays are made.
        return build() with { Engine = $"DuckDB {version}" };
    }

}
