using System.Data.Common;
using System.Globalization;

namespace RetentionKit.Sql;

/// <summary>One row of a query's result, read by position.</summary>
public interface ISqlRow
{
    /// <summary>Whether the value is NULL.</summary>
    bool IsNull(int i);
    /// <summary>A whole number (0 for NULL).</summary>
    long Long(int i);
    /// <summary>A number (NaN for NULL).</summary>
    double Double(int i);
    /// <summary>Text (null for NULL).</summary>
    string? Text(int i);
}

/// <summary>Where the reductions' SQL runs: an ADO.NET connection, or (for old ClickHouse servers) its HTTP interface.</summary>
public interface ISqlRunner : IDisposable
{
    /// <summary>The engine's dialect.</summary>
    SqlDialect Dialect { get; }
    /// <summary>Runs a statement.</summary>
    void Execute(string sql);
    /// <summary>Runs a query and hands each row to <paramref name="row"/>.</summary>
    void Query(string sql, Action<ISqlRow> row);
    /// <summary>Creates the temporary table <paramref name="table"/> (one BIGINT column, line) holding <paramref name="lines"/>.</summary>
    void UploadLines(string table, IReadOnlyCollection<long> lines);
    /// <summary>Creates the temporary table <paramref name="table"/> (one text column, code) holding <paramref name="codes"/>.</summary>
    void UploadCodes(string table, IReadOnlyCollection<string> codes);
}

/// <summary>Runs the SQL on an open ADO.NET connection (DuckDB, Npgsql, ClickHouse.Driver, …).</summary>
public sealed class AdoRunner : ISqlRunner
{
    private readonly DbConnection _connection;
    private readonly bool _owns;

    /// <summary>Wraps <paramref name="connection"/> (opened here if closed); <paramref name="owns"/> disposes it with the runner.</summary>
    public AdoRunner(DbConnection connection, SqlDialect dialect, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection; Dialect = dialect; _owns = owns;
        if (connection.State != System.Data.ConnectionState.Open) connection.Open();
    }

    /// <inheritdoc/>
    public SqlDialect Dialect { get; }

    // RETENTIONKIT_SQL_TRACE=1 prints each statement's time and rows to standard error: where an engine spends its time.
    private static readonly bool Trace = Environment.GetEnvironmentVariable("RETENTIONKIT_SQL_TRACE") == "1";

    /// <inheritdoc/>
    public void Execute(string sql)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.CommandTimeout = 0;
        c.ExecuteNonQuery();
        if (Trace) Console.Error.WriteLine($"[sql {clock.Elapsed.TotalSeconds,7:0.000}s] {sql[..Math.Min(sql.Length, 160)]}");
    }

    /// <inheritdoc/>
    public void Query(string sql, Action<ISqlRow> row)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.CommandTimeout = 0;
        using var r = c.ExecuteReader();
        var wrapped = new Row(r);
        long n = 0;
        while (r.Read()) { row(wrapped); n++; }
        if (Trace) Console.Error.WriteLine($"[sql {clock.Elapsed.TotalSeconds,7:0.000}s, {n:N0} rows] {sql[..Math.Min(sql.Length, 160)]}");
    }

    /// <inheritdoc/>
    public void UploadLines(string table, IReadOnlyCollection<long> lines) =>
        Upload(table, Dialect.TempLongs(table), lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    /// <inheritdoc/>
    public void UploadCodes(string table, IReadOnlyCollection<string> codes) =>
        Upload(table, Dialect.TempTexts(table), codes.Select(Dialect.Literal));

    // Plain INSERTs in batches: every engine takes them, and the lists are small (cancellations, non-product codes).
    private void Upload(string table, string create, IEnumerable<string> literals)
    {
        Execute(Dialect.Drop(table));
        Execute(create);
        foreach (var batch in literals.Chunk(1000))
            Execute($"INSERT INTO {table} VALUES {string.Join(", ", batch.Select(v => $"({v})"))}");
    }

    /// <inheritdoc/>
    public void Dispose() { if (_owns) _connection.Dispose(); }

    private sealed class Row(DbDataReader r) : ISqlRow
    {
        private Type?[] _types = [];
        private Type Of(int i)
        {
            if (_types.Length != r.FieldCount) _types = new Type?[r.FieldCount];
            return _types[i] ??= r.GetFieldType(i);
        }
        public bool IsNull(int i) => r.IsDBNull(i);
        // Typed reads where the column is already that type: millions of order rows are not boxed.
        public long Long(int i) => r.IsDBNull(i) ? 0 : Of(i) == typeof(long) ? r.GetInt64(i) : Of(i) == typeof(int) ? r.GetInt32(i)
            : Of(i) == typeof(System.Numerics.BigInteger) ? (long)r.GetFieldValue<System.Numerics.BigInteger>(i) : r.GetValue(i) switch
        {
            System.Numerics.BigInteger b => (long)b, // DuckDB's sums of BIGINT are HUGEINT
            var v => Convert.ToInt64(v, CultureInfo.InvariantCulture),
        };
        public double Double(int i) => r.IsDBNull(i) ? double.NaN : Of(i) == typeof(double) ? r.GetDouble(i) : r.GetValue(i) switch
        {
            System.Numerics.BigInteger b => (double)b,
            var v => Convert.ToDouble(v, CultureInfo.InvariantCulture),
        };
        public string? Text(int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
    }
}

