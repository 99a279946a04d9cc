namespace RetentionKit.Sql;

/// <summary>
/// What differs between the engines the reductions run on, and nothing else: time as microseconds, whole numbers,
/// text, the join and IN of a distributed engine, and temporary tables. The reductions themselves are one text.
/// </summary>
public sealed class SqlDialect
{
    private SqlDialect(string name) => Name = name;

    /// <summary>The engine's name.</summary>
    public string Name { get; }

    internal Func<string, string> Micros { get; private init; } = x => x;
    internal Func<string, string> Int64 { get; private init; } = x => $"CAST({x} AS BIGINT)";
    internal Func<string, string> Text { get; private init; } = x => $"CAST({x} AS VARCHAR)";
    internal Func<string, string> Literal { get; private init; } = s => "'" + s.Replace("'", "''") + "'";
    internal string Join { get; private init; } = "INNER JOIN";
    internal bool ProjectsOnce { get; private init; } = true;
    internal string In { get; private init; } = "IN";
    internal Func<string, string> TempLongs { get; private init; } = t => $"CREATE TEMP TABLE {t} (line BIGINT)";
    internal Func<string, string> TempTexts { get; private init; } = t => $"CREATE TEMP TABLE {t} (code VARCHAR)";
    internal Func<string, string> Drop { get; private init; } = t => $"DROP TABLE IF EXISTS {t}";

    /// <summary>DuckDB (embedded).</summary>
    public static SqlDialect DuckDb { get; } = new("DuckDB") { Micros = x => $"epoch_us({x})" };

    /// <summary>PostgreSQL.</summary>
    public static SqlDialect PostgreSql { get; } = new("PostgreSQL")
    {
        Micros = x => $"CAST(extract(epoch from {x}) * 1000000 AS BIGINT)",
        Text = x => $"CAST({x} AS TEXT)",
        TempTexts = t => $"CREATE TEMP TABLE {t} (code TEXT)",
    };

    /// <summary>ClickHouse (18.16 and later): a Distributed table's joins and IN lists go to every shard (GLOBAL).</summary>
    public static SqlDialect ClickHouse { get; } = new("ClickHouse")
    {
        Micros = x => $"toInt64(toUnixTimestamp({x})) * 1000000",
        Int64 = x => $"toInt64({x})",
        Literal = s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        Text = x => $"toString({x})",
        Join = "GLOBAL ALL INNER JOIN",
        ProjectsOnce = false,
        In = "GLOBAL IN",
        TempLongs = t => $"CREATE TEMPORARY TABLE {t} (line Int64)",
        TempTexts = t => $"CREATE TEMPORARY TABLE {t} (code String)",
        Drop = t => $"DROP TEMPORARY TABLE IF EXISTS {t}",
    };

    /// <summary>The day number (days since 1970-01-01, UTC) of a microseconds column.</summary>
    internal string Day(string micros) => Int64($"floor({micros} / 86400000000.0)");
}
