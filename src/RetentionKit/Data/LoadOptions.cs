using System.Globalization;

namespace RetentionKit.Data;

/// <summary>Known file layouts that need more than header detection.</summary>
public enum LoadPreset
{
    /// <summary>Delimited text with a header line; columns found by name.</summary>
    None,
    /// <summary>
    /// CDNOW (Fader &amp; Hardie): whitespace-separated, dates <c>yyyyMMdd</c>, with or without a header.
    /// Four columns <c>id date quantity amount</c> (master file) or five
    /// <c>master_id sample_id date quantity amount</c> (1/10 sample). The customer is the master id.
    /// </summary>
    Cdnow,
}

/// <summary>
/// How to read a transaction file. Defaults are set here once: invariant culture, delimiter sniffed,
/// columns detected from the header, duplicates kept, bad rows rejected (not fatal).
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Culture for numbers and dates. Danish/Norwegian/German/Hungarian Excel exports need theirs (e.g. <c>da-DK</c>).</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>The text encoding; null: a byte-order mark's, else UTF-8 when the start of the file is valid UTF-8, else Windows-1252 (the load report says which and why).</summary>
    public System.Text.Encoding? Encoding { get; init; }
    /// <summary>Field delimiter; null sniffs it from the first lines (<c>,</c> <c>;</c> tab <c>|</c>, or runs of blanks).</summary>
    public char? Delimiter { get; init; }
    /// <summary>Exact date formats to try, in order (e.g. <c>dd.MM.yyyy</c>); null accepts ISO and the culture's own forms.</summary>
    public IReadOnlyList<string>? DateFormats { get; init; }
    /// <summary>Header of the customer id column; null detects it.</summary>
    public string? CustomerColumn { get; init; }
    /// <summary>Header of the order (invoice) id column; null detects it.</summary>
    public string? OrderColumn { get; init; }
    /// <summary>Header of the date or timestamp column; null detects it.</summary>
    public string? DateColumn { get; init; }
    /// <summary>Header of the quantity column; null detects it.</summary>
    public string? QuantityColumn { get; init; }
    /// <summary>Header of the unit price column; null detects it.</summary>
    public string? PriceColumn { get; init; }
    /// <summary>Header of the line amount column; null detects it. Without one, amount = quantity × unit price.</summary>
    public string? AmountColumn { get; init; }
    /// <summary>Header of the product id column; null detects it.</summary>
    public string? ProductColumn { get; init; }
    /// <summary>Header of an explicit return flag column (true/false, 1/0, yes/no); null detects it.</summary>
    public string? ReturnFlagColumn { get; init; }
    // Every optional column above can also be "none": the role is switched off and not found by name either.

    /// <summary>The product name (description) column; found by name (Description, product_name, …) when null. Names are kept per product and shown instead of bare codes.</summary>
    public string? DescriptionColumn { get; init; }

    /// <summary>How lines are classified (product sale, product return, cancellation, stock adjustment, non-product line); default <see cref="LineRules.Default"/>.</summary>
    public LineRules LineRules { get; init; } = LineRules.Default;
    /// <summary>Order ids starting with this prefix and then a digit are cancellations. Null turns the rule off.</summary>
    public string? CancellationPrefix { get; init; } = "C";
    /// <summary>A file layout preset.</summary>
    public LoadPreset Preset { get; init; } = LoadPreset.None;
    /// <summary>Keep unmapped columns as text columns.</summary>
    public bool KeepExtraColumns { get; init; }
    /// <summary>Reject exact duplicate lines (all fields equal to an earlier line) instead of keeping them.</summary>
    public bool DropDuplicates { get; init; }
    /// <summary>Stop at the first bad row with a <see cref="TransactionLoadException"/> instead of rejecting it.</summary>
    public bool Strict { get; init; }
    /// <summary>How many rejections are listed one by one in the report (all are counted).</summary>
    public int MaxListedRejections { get; init; } = 100;

    /// <summary>The options for CDNOW's whitespace-separated files.</summary>
    public static LoadOptions Cdnow { get; } = new() { Preset = LoadPreset.Cdnow };

    /// <summary>
    /// Why <paramref name="format"/> cannot read dates, or null when it can: it must be a custom format with a day, a
    /// month and a year, and read back what it writes (a lone "%" or "\", an unbalanced quote, "HH:mm" alone fail).
    /// </summary>
    public static string? DateFormatProblem(string format, CultureInfo culture)
    {
        if (string.IsNullOrWhiteSpace(format)) return "is empty; give a pattern such as dd.MM.yyyy.";
        var probe = new DateTime(2023, 11, 24, 13, 45, 56);
        string written;
        try { written = probe.ToString(format, culture); }
        catch (FormatException) { return "is not a valid .NET date pattern (an unbalanced quote, or % or \\ with nothing after it); e.g. dd.MM.yyyy or yyyy-MM-dd HH:mm."; }
        if (!DateTime.TryParseExact(written, format, culture, DateTimeStyles.AllowWhiteSpaces, out var back))
            return $"cannot read back what it writes ('{Echo.Value(written)}'); give a pattern such as dd.MM.yyyy.";
        if (back.Date != probe.Date)
            return $"has no full date (it reads '{Echo.Value(written)}' as {back:yyyy-MM-dd}): a day, a month and a year are needed, e.g. dd.MM.yyyy.";
        return null;
    }

    /// <summary>
    /// Customer ids that mean "missing" (pandas' and R's markers, and common database exports), compared ignoring case;
    /// such rows count as rows without a customer. Set to empty to take every id as written.
    /// </summary>
    public IReadOnlyCollection<string> MissingMarkers { get; init; } = ["NA", "N/A", "NaN", "NULL", "None", "nil", "#N/A", "-"];

    /// <summary>
    /// Keep dates far outside the bulk of the data (see <see cref="OutlyingDates"/>) instead of rejecting them.
    /// </summary>
    public bool KeepOutlyingDates { get; init; }

    /// <summary>
    /// Read numeric-looking customer ids by value: <c>00123</c>, <c>123</c> and <c>123.0</c> (a pandas float export)
    /// become one customer, <c>123</c>. Off by default; the load report warns when such ids collide.
    /// </summary>
    public bool NormalizeNumericIds { get; init; }

    /// <summary>The sheet of an Excel workbook to read (the first when null); an error for other files.</summary>
    public string? Sheet { get; init; }

    /// <summary>
    /// The 1-based row (sheet row, or text line) holding the header, for exports with a title above the table. When
    /// null, text has its header on line 1 and a workbook's is the first row as wide as the table and all text.
    /// </summary>
    public int? HeaderRow { get; init; }

    internal void Validate()
    {
        if (HeaderRow is < 1)
            throw new ArgumentOutOfRangeException(nameof(HeaderRow), HeaderRow, "The header row is 1 or more.");
        if (MaxListedRejections < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxListedRejections), MaxListedRejections, "Must be zero or more.");
        if (Delimiter is '"' or '\r' or '\n')
            throw new ArgumentException($"'{Delimiter}' cannot be a delimiter.", nameof(Delimiter));
        if (DateFormats is { Count: 0 })
            throw new ArgumentException("Give at least one date format, or null to detect.", nameof(DateFormats));
        foreach (var f in DateFormats ?? [])
            if (DateFormatProblem(f, Culture) is { } problem) throw new ArgumentException($"date format '{Echo.Value(f)}' {problem}", nameof(DateFormats));
    }
}
