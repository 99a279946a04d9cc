using System.Text;

namespace RetentionKit.Data;

/// <summary>One rejected row: where it is, which column, the raw value and why.</summary>
/// <param name="Line">1-based physical line in the file where the row starts.</param>
/// <param name="Column">Header of the offending column (or <c>(row)</c> for the row as a whole).</param>
/// <param name="Value">The raw text that failed.</param>
/// <param name="Reason">The rule that failed, in words.</param>
public sealed record Rejection(long Line, string Column, string Value, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line}, column {Column}: '{Value}' {Reason}";
}

/// <summary>
/// What loading a file found. <c>RowsRead == RowsAccepted + RowsRejected</c> always; blank lines are
/// not rows and are counted apart.
/// </summary>
public sealed record LoadReport
{
    /// <summary>File name or description of the source.</summary>
    public required string Source { get; init; }
    /// <summary>Data rows read (header and blank lines excluded).</summary>
    public required long RowsRead { get; init; }
    /// <summary>Rows that became transactions.</summary>
    public required long RowsAccepted { get; init; }
    /// <summary>Rows rejected (bad values, wrong field count, dropped duplicates).</summary>
    public required long RowsRejected { get; init; }
    /// <summary>Accepted rows with no customer id: they count for revenue and returns, not customer metrics.</summary>
    public required long RowsWithoutCustomer { get; init; }
    /// <summary>Rows identical (all fields) to an earlier row.</summary>
    public required long DuplicateRows { get; init; }
    /// <summary>Whether duplicate rows were rejected (otherwise kept).</summary>
    public required bool DuplicatesDropped { get; init; }
    /// <summary>Distinct customer ids among accepted rows.</summary>
    public required int Customers { get; init; }
    /// <summary>Distinct orders among accepted rows: (customer, order id), or (customer, day) without order ids.</summary>
    public required long Orders { get; init; }
    /// <summary>Accepted rows that are returns (spec §0).</summary>
    public required long ReturnRows { get; init; }

    /// <summary>Invoices (or days, without order ids) holding identified customers' return lines.</summary>
    public long ReturnInvoices { get; init; }

    /// <summary>Invoices (or days) of lines without a customer id.</summary>
    public long InvoicesWithoutCustomer { get; init; }

    /// <summary>Lines of each kind (sale, product return, cancellation, …) by the load's line rules.</summary>
    public IReadOnlyDictionary<LineKind, long> Lines { get; init; } = new Dictionary<LineKind, long>();
    /// <summary>Earliest accepted timestamp.</summary>
    public required DateTime? FirstTimestamp { get; init; }
    /// <summary>Latest accepted timestamp.</summary>
    public required DateTime? LastTimestamp { get; init; }
    /// <summary>Σ amount over accepted rows, returns included (NaN when the file has no money).</summary>
    public required double NetRevenue { get; init; }
    /// <summary>The first rejections, one by one (up to <see cref="LoadOptions.MaxListedRejections"/>).</summary>
    public required IReadOnlyList<Rejection> Rejections { get; init; }
    /// <summary>All rejections counted by column and reason.</summary>
    public required IReadOnlyDictionary<string, long> RejectionCounts { get; init; }
    /// <summary>Blank lines skipped (not rows).</summary>
    public required long BlankLines { get; init; }
    /// <summary>Delimiter used; <c>' '</c> means runs of blanks.</summary>
    public required char Delimiter { get; init; }

    /// <summary>What kind of file it was: CSV text, gzip CSV text, an Excel workbook with its sheet and header row, Parquet.</summary>
    public string Format { get; init; } = "CSV text";

    /// <summary>The text encoding used and why (given, byte-order mark, valid UTF-8, or Windows-1252 because of a named byte).</summary>
    public string Encoding { get; init; } = "";
    /// <summary>Culture used for numbers and dates.</summary>
    public required string Culture { get; init; }
    /// <summary>Canonical field → source header used.</summary>
    public required IReadOnlyDictionary<string, string> ColumnMapping { get; init; }
    /// <summary>Things the reader should know (no money column, header-only file, …).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when every read row is accounted for.</summary>
    public bool Reconciles => RowsRead == RowsAccepted + RowsRejected;

    /// <summary>How each line kind is named for readers.</summary>
    public static IReadOnlyDictionary<LineKind, string> LineNames { get; } = new Dictionary<LineKind, string>
    {
        [LineKind.Sale] = "product sales", [LineKind.ProductReturn] = "product returns", [LineKind.Cancellation] = "cancellations",
        [LineKind.CancelledSale] = "cancelled sales", [LineKind.StockAdjustment] = "stock adjustments", [LineKind.NonProduct] = "non-product lines",
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Source}: {RowsRead:N0} rows read = {RowsAccepted:N0} accepted + {RowsRejected:N0} rejected");
        if (!Format.Contains("CSV text", StringComparison.Ordinal)) sb.AppendLine($"  {Format}");
        sb.AppendLine($"  customers {Customers:N0}, purchase orders {Orders:N0}, return invoices {ReturnInvoices:N0}, invoices without customer {InvoicesWithoutCustomer:N0}");
        sb.AppendLine($"  return rows {ReturnRows:N0}, rows without customer {RowsWithoutCustomer:N0}, duplicate rows {DuplicateRows:N0}{(DuplicatesDropped ? " (dropped)" : " (kept)")}");
        if (Lines.Count > 0) sb.AppendLine("  lines: " + string.Join(", ", Lines.Where(l => l.Value > 0).Select(l => $"{LineNames[l.Key]} {l.Value:N0}")));
        if (Encoding.Length > 0 && !Encoding.StartsWith("utf-8", StringComparison.Ordinal)) sb.AppendLine($"  encoding {Encoding}");
        sb.AppendLine($"  {FirstTimestamp:yyyy-MM-dd HH:mm} … {LastTimestamp:yyyy-MM-dd HH:mm}, net revenue {NetRevenue:N2} (every line: sales less returns, fees and adjustments included)");
        foreach (var r in Rejections.Take(5)) sb.AppendLine($"  rejected {r}");
        foreach (var w in Warnings) sb.AppendLine($"  warning: {w}");
        return sb.ToString().TrimEnd();
    }
}

/// <summary>The loaded table and the report on how it was loaded.</summary>
public sealed record LoadResult(Transactions Transactions, LoadReport Report);
