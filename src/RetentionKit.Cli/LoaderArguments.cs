using System.CommandLine;
using System.Globalization;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary>The loader options every command that reads a transaction file shares.</summary>
internal sealed class LoaderArguments
{
    public Option<string?> Culture { get; } = new("--culture") { Description = "Culture for numbers and dates, e.g. da-DK, nb-NO, de-DE, hu-HU (default: invariant)" };
    public Option<string?> Encoding { get; } = new("--encoding") { Description = "Text encoding: utf-8, windows-1252, iso-8859-1, utf-16, … (default: byte-order mark, else UTF-8 when valid, else windows-1252)" };
    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "Field delimiter: a character, or 'tab', 'space' (default: sniffed)" };
    public Option<string[]> DateFormat { get; } = new("--date-format") { Description = "Exact date format, e.g. dd.MM.yyyy (repeatable)", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Customer { get; } = new("--customer") { Description = "Header of the customer id column" };
    public Option<string?> Order { get; } = new("--order") { Description = "Header of the order/invoice id column, or none to switch the role off" };
    public Option<string?> Date { get; } = new("--date") { Description = "Header of the date column" };
    public Option<string?> Quantity { get; } = new("--quantity") { Description = "Header of the quantity column, or none to switch the role off" };
    public Option<string?> Price { get; } = new("--price") { Description = "Header of the unit price column, or none to switch the role off" };
    public Option<string?> Amount { get; } = new("--amount") { Description = "Header of the line amount column, or none to switch the role off" };
    public Option<string?> Product { get; } = new("--product") { Description = "Header of the product id column, or none to switch the role off" };
    public Option<string?> ReturnFlag { get; } = new("--return-flag") { Description = "Header of a yes/no return column, or none to switch the role off" };
    public Option<string?> Description { get; } = new("--description") { Description = "Header of the product name column, or none to switch the role off" };
    public Option<string?> Preset { get; } = new("--preset") { Description = "File layout preset: cdnow" };
    public Option<bool> DropDuplicates { get; } = new("--drop-duplicates") { Description = "Reject exact duplicate rows instead of keeping them" };
    public Option<bool> Strict { get; } = new("--strict") { Description = "Stop at the first bad row" };
    public Option<bool> NormalizeIds { get; } = new("--normalize-ids") { Description = "Read numeric customer ids by value: 00123, 123 and 123.0 are one customer" };
    public Option<string?> Sheet { get; } = new("--sheet") { Description = "Excel workbooks: the sheet to read (default: the first)" };
    public Option<int?> HeaderRow { get; } = new("--header-row") { Description = "The row (or line) holding the header, when a title sits above the table (default: line 1; in a workbook the first row as wide as the table and all text)" };
    public Option<bool> KeepOutlyingDates { get; } = new("--keep-outlying-dates") { Description = "Keep dates far outside the bulk of the data (by default rejected: more than 10 years, or 10 interquartile ranges, beyond the middle half)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Culture, Encoding, Delimiter, DateFormat, Sheet, HeaderRow, Customer, Order, Date, Quantity, Price, Amount, Product, ReturnFlag, Description, Preset, DropDuplicates, Strict, KeepOutlyingDates, NormalizeIds })
            command.Options.Add(o);
    }

    /// <exception cref="UsageException">An option value is not usable.</exception>
    public LoadOptions Build(ParseResult r)
    {
        var culture = ParseCulture(r.GetValue(Culture));
        foreach (var format in r.GetValue(DateFormat) ?? [])
            if (LoadOptions.DateFormatProblem(format, culture) is { } problem) throw new UsageException($"--date-format '{Echo.Value(format)}' {problem}");
        if (r.GetValue(HeaderRow) is < 1 and var bad) throw new UsageException($"--header-row: expected a row number of 1 or more, got {bad}.");
        var options = new LoadOptions
        {
            Sheet = string.IsNullOrWhiteSpace(r.GetValue(Sheet)) ? null : r.GetValue(Sheet),
            HeaderRow = r.GetValue(HeaderRow),
            Culture = culture,
            Encoding = ParseEncoding(r.GetValue(Encoding)),
            Delimiter = ParseDelimiter(r.GetValue(Delimiter)),
            DateFormats = r.GetValue(DateFormat) is { Length: > 0 } f ? f : null,
            CustomerColumn = r.GetValue(Customer),
            OrderColumn = r.GetValue(Order),
            DateColumn = r.GetValue(Date),
            QuantityColumn = r.GetValue(Quantity),
            PriceColumn = r.GetValue(Price),
            AmountColumn = r.GetValue(Amount),
            ProductColumn = r.GetValue(Product),
            ReturnFlagColumn = r.GetValue(ReturnFlag),
            DescriptionColumn = r.GetValue(Description),
            DropDuplicates = r.GetValue(DropDuplicates),
            Strict = r.GetValue(Strict),
            KeepOutlyingDates = r.GetValue(KeepOutlyingDates),
            NormalizeNumericIds = r.GetValue(NormalizeIds),
            Preset = r.GetValue(Preset)?.ToLowerInvariant() switch
            {
                null or "" or "none" => LoadPreset.None,
                "cdnow" => LoadPreset.Cdnow,
                var p => throw new UsageException($"--preset: unknown preset '{p}'; known: cdnow."),
            },
        };
        return options;
    }

    private static System.Text.Encoding? ParseEncoding(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try { return System.Text.CodePagesEncodingProvider.Instance.GetEncoding(name) ?? System.Text.Encoding.GetEncoding(name); }
        catch (ArgumentException) { throw new UsageException($"--encoding: '{Echo.Value(name)}' is not an encoding name (examples: utf-8, windows-1252, iso-8859-1, utf-16)."); }
    }

    private static CultureInfo ParseCulture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Equals("invariant", StringComparison.OrdinalIgnoreCase)) return CultureInfo.InvariantCulture;
        try
        {
            var c = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return c;
        }
        catch (CultureNotFoundException)
        {
            throw new UsageException($"--culture: '{name}' is not a known culture name (examples: da-DK, nb-NO, de-DE, hu-HU, en-US).");
        }
    }

    private static char? ParseDelimiter(string? d) => d switch
    {
        null or "" => null,
        "tab" or "\\t" => '\t',
        "space" or "whitespace" => ' ',
        { Length: 1 } => d[0],
        _ => throw new UsageException($"--delimiter: expected one character, 'tab' or 'space', got '{d}'."),
    };
}

/// <summary>Dates on the command line: ISO only, so 01/02/2024 is never read the wrong way round.</summary>
internal static class CliDates
{
    /// <exception cref="UsageException">Not an ISO date.</exception>
    public static DateTime? Parse(string? s, string option)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (DateTime.TryParseExact(s.Trim(), ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            // Periods reach a period before and after the window: keep clear of the calendar's ends.
            if (d.Year is < 1900 or > 2199) throw new UsageException($"{option}: expected a date between 1900-01-01 and 2199-12-31, got '{s}'.");
            return d;
        }
        throw new UsageException($"{option}: expected a date like 2011-01-31, got '{s}'.");
    }
}

/// <summary>A command-line mistake: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
