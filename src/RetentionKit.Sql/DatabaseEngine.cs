using System.Data.Common;
using RetentionKit.Data;
using RetentionKit.Reductions;

namespace RetentionKit.Sql;

/// <summary>
/// The reductions where the data already lives: a table or query on any ADO.NET connection (PostgreSQL through
/// Npgsql is tested against a real server). Its columns are found by the loader's names and options; typed columns are
/// read as they are. The lines are numbered in the table's scan order into a temporary table, so the reductions see
/// one fixed set of lines; a row without a date is rejected, so rows read = accepted + rejected.
/// </summary>
public static class DatabaseEngine
{
    private const string Lines = "rk_lines";

    /// <summary>Reduces <paramref name="tableOrQuery"/> (a table name, or a SELECT) on PostgreSQL.</summary>
    /// <param name="connection">An Npgsql (or other PostgreSQL) connection.</param>
    /// <param name="tableOrQuery">A table name, or a SELECT.</param>
    /// <param name="options">The loader's options (column names, line rules).</param>
    /// <param name="lineColumn">A column giving the lines' order (an id or line number as loaded). Without it the lines
    /// are numbered in scan order, which a table does not keep (PostgreSQL fills free space left behind): the
    /// customers' first-seen order and ties between a sale and its cancellation then go by that order, with a warning.</param>
    /// <exception cref="TransactionLoadException">The columns cannot be mapped (the message names them).</exception>
    public static ReducedTransactions ReducePostgreSql(DbConnection connection, string tableOrQuery, LoadOptions? options = null, string? lineColumn = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tableOrQuery);
        var o = options ?? new LoadOptions();
        o.Validate();
        using var db = new AdoRunner(connection, SqlDialect.PostgreSql);
        var d = db.Dialect;
        bool query = tableOrQuery.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase) || tableOrQuery.TrimStart().StartsWith("with", StringComparison.OrdinalIgnoreCase);
        string source = query ? $"({tableOrQuery})" : tableOrQuery;
        string name = query ? "query" : tableOrQuery;
        var headers = new List<string>();
        using (var c = connection.CreateCommand())
        {
            c.CommandText = $"SELECT * FROM {source} AS s LIMIT 0";
            using var r = c.ExecuteReader();
            for (int i = 0; i < r.FieldCount; i++) headers.Add(r.GetName(i));
        }
        if (lineColumn is not null && !headers.Contains(lineColumn, StringComparer.Ordinal))
            throw new TransactionLoadException(name, $"no column '{Echo.Value(lineColumn)}' to order the lines by; the columns are {string.Join(", ", headers.Select(h => $"'{h}'"))}.");
        var map = ColumnDetection.Map(name, lineColumn is null ? headers : headers.Select(h => h == lineColumn ? "" : h).ToList(), o);
        string Col(Field f) => map[f] >= 0 ? $"s.\"{headers[map[f]].Replace("\"", "\"\"")}\"" : "NULL";
        string Text(Field f) => map[f] >= 0 ? $"nullif(trim({d.Text(Col(f))}), '')" : "CAST(NULL AS TEXT)";
        string Number(Field f) => map[f] >= 0 ? $"CAST({Col(f)} AS DOUBLE PRECISION)" : "CAST(NULL AS DOUBLE PRECISION)";
        string customer = $"(CASE WHEN lower({Text(Field.Customer)}) IN ({Reductions.MissingMarkers(d, o)}) THEN NULL ELSE {Text(Field.Customer)} END)";
        string amount = map[Field.Amount] >= 0 ? Number(Field.Amount) : map[Field.Quantity] >= 0 && map[Field.Price] >= 0 ? $"({Number(Field.Quantity)} * {Number(Field.Price)})" : "CAST(NULL AS DOUBLE PRECISION)";
        string flag = map[Field.ReturnFlag] >= 0 ? $"(CASE WHEN lower({Text(Field.ReturnFlag)}) IN ({Reductions.FlagWords(d).Yes}) THEN 1 ELSE 0 END)" : "0";
        db.Execute(d.Drop(Lines));
        // One worker, from the first block: a parallel or synchronized scan would number the lines out of the table's order.
        db.Execute("SET max_parallel_workers_per_gather = 0");
        db.Execute("SET synchronize_seqscans = off");
        db.Execute($"CREATE TEMP TABLE {Lines} AS SELECT row_number() OVER ({(lineColumn is null ? "" : $"ORDER BY s.\"{lineColumn.Replace("\"", "\"\"")}\"")}) AS line, {customer} AS customer, {Text(Field.Order)} AS order_id, " +
                   $"{d.Micros($"CAST({Col(Field.Date)} AS TIMESTAMP)")} AS us, {Number(Field.Quantity)} AS qty, {amount} AS amount, " +
                   $"{Text(Field.Product)} AS product, {Text(Field.Description)} AS pname, {flag} AS flag FROM {source} AS s");
        db.Execute("RESET max_parallel_workers_per_gather");
        db.Execute("RESET synchronize_seqscans");
        var mapping = ColumnDetection.Mapping(map, headers);
        var layout = new LinesLayout(map[Field.Order] >= 0, map[Field.Quantity] >= 0, map[Field.Price] >= 0, map[Field.Amount] >= 0, map[Field.Product] >= 0);
        var src = Source(db, Lines, layout, name, $"{d.Name} {(query ? "query" : "table")}", headers[map[Field.Date]], mapping, o,
            lineColumn is null ? "lines are numbered in the table's scan order, which a table does not keep: give the column that orders them (lineColumn) for the customers' first-seen order and ties between a sale and its cancellation." : null);
        var reduced = Reductions.Run(db, src, o);
        db.Execute(d.Drop(Lines));
        return reduced with { Engine = d.Name };
    }

    /// <summary>
    /// Reduces a table already in the kit's layout of lines, on any engine (a ClickHouse Distributed table, say, whose
    /// GROUP BYs then run on every shard): columns line (a unique whole number in file order), customer, order_id, us
    /// (microseconds since 1970, UTC), qty, amount, product, pname, flag (1 for a line flagged as a return), NULL where a
    /// line has no value. With ClickHouse.Driver, open the connection with UseSession=true: the reductions use temporary tables.
    /// </summary>
    public static ReducedTransactions ReduceLines(ISqlRunner db, string table, LinesLayout layout, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(layout);
        var o = options ?? new LoadOptions();
        o.Validate();
        var src = Source(db, table, layout, table, $"{db.Dialect.Name} table of lines", "us", new Dictionary<string, string>(), o, null);
        return Reductions.Run(db, src, o) with { Engine = db.Dialect.Name };
    }

    // Rows without a time are rejected (typed columns leave nothing else to reject), so rows read = accepted + rejected.
    private static LineSource Source(ISqlRunner db, string lines, LinesLayout layout, string name, string format, string dateColumn,
        IReadOnlyDictionary<string, string> mapping, LoadOptions o, string? warning)
    {
        long read = 0, undated = 0, duplicates = 0;
        db.Query($"SELECT count(*), sum(CASE WHEN us IS NULL THEN 1 ELSE 0 END) FROM {lines}", r => { read = r.Long(0); undated = r.Long(1); });
        var rejections = new List<Rejection>();
        if (undated > 0)
            db.Query($"SELECT line FROM {lines} WHERE us IS NULL ORDER BY line LIMIT {o.MaxListedRejections}", r => rejections.Add(new Rejection(r.Long(0), dateColumn, "", "has no date")));
        db.Query($"SELECT count(*) - (SELECT count(*) FROM (SELECT customer, order_id, us, qty, amount, product, pname, flag FROM {lines} WHERE us IS NOT NULL GROUP BY customer, order_id, us, qty, amount, product, pname, flag) x) FROM {lines} WHERE us IS NOT NULL",
            r => duplicates = r.Long(0));
        var report = Reductions.SourceReport(name, read, undated, rejections,
            undated > 0 ? new Dictionary<string, long> { [$"{dateColumn}: no date"] = undated } : new Dictionary<string, long>(),
            duplicates, false, ',', format, "", "typed columns", mapping, warning is null ? [] : [warning]);
        return new LineSource($"(SELECT * FROM {lines} WHERE us IS NOT NULL) AS l", layout.HasOrderIds, layout.HasQuantity, layout.HasUnitPrice, layout.HasAmount, layout.HasProducts, report);
    }
}

/// <summary>Which of the optional columns a table of lines has (the others hold NULL).</summary>
public sealed record LinesLayout(bool HasOrderIds, bool HasQuantity, bool HasUnitPrice, bool HasAmount, bool HasProducts);
