namespace RetentionKit.Data;

/// <summary>
/// A file that cannot be used (empty, not text, a required column missing, a duplicated header),
/// or the first bad row in strict mode. The message says what was expected and what was found.
/// </summary>
public sealed class TransactionLoadException : FormatException
{
    internal TransactionLoadException(string source, string message, long? line = null, string? column = null)
        : base(Compose(source, message, line, column))
    {
        Source = source;
        Line = line;
        Column = column;
    }

    /// <summary>The file.</summary>
    public new string Source { get; }
    /// <summary>1-based line, where one applies.</summary>
    public long? Line { get; }
    /// <summary>The column header, where one applies.</summary>
    public string? Column { get; }

    private static string Compose(string source, string message, long? line, string? column) =>
        source + (line is { } l ? $", line {l}" : "") + (column is { } c ? $", column '{c}'" : "") + ": " + message;

    internal static TransactionLoadException Empty(string source) =>
        new(source, "the file is empty; expected a header line and transaction rows.");

    internal static TransactionLoadException NotText(string source, long offset, bool decompressed) =>
        new(source, $"the file is not text (a NUL byte at {(decompressed ? "decompressed byte" : "byte")} {offset:N0}); expected CSV text, plain or gzip-compressed (.csv.gz).");

    internal static TransactionLoadException MissingColumn(string source, string field, IEnumerable<string> headers, IEnumerable<string> tried) =>
        new(source, $"no {field} column. Headers found: {Headers(headers)}. " +
                    $"Names tried: {string.Join(", ", tried)}. Name the column explicitly (e.g. --{field.Split(' ')[0]} \"Your Header\").");

    internal static TransactionLoadException NamedColumnMissing(string source, string field, string name, IEnumerable<string> headers) =>
        new(source, $"the {field} column '{Echo.Value(name)}' was asked for but is not in the header. Headers found: {Headers(headers)}.");

    // A header line can be anything (a 5 MB line of a binary file): show the first few names, each made safe.
    private static string Headers(IEnumerable<string> headers)
    {
        var list = headers.ToList();
        var shown = string.Join(", ", list.Take(20).Select(h => $"'{Echo.Value(h)}'"));
        return list.Count > 20 ? $"{shown} and {list.Count - 20:N0} more" : shown;
    }

    internal static TransactionLoadException DuplicateHeader(string source, string name, int first, int second) =>
        new(source, $"the header names '{name}' twice (columns {first + 1} and {second + 1}); expected each column name once.", 1);
}
