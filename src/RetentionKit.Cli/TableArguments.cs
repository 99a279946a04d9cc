using System.CommandLine;
using RetentionKit.Metrics;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary>The other tables a command can take beside the transactions: --subscriptions, --invoices, --surveys, --members.</summary>
internal sealed class TableArguments
{
    public Option<string?> Subscriptions { get; } = new("--subscriptions") { Description = "Subscriptions file: customer, start, end (empty while open), monthly amount" };
    public Option<string?> Invoices { get; } = new("--invoices") { Description = "Invoices file: invoice, customer, issue date, due date, amount, paid date (empty while open)" };
    public Option<string?> Surveys { get; } = new("--surveys") { Description = "Survey responses: customer, date, NPS 0–10 and/or CSAT 1–5 and/or churn reason" };
    public Option<string?> Members { get; } = new("--members") { Description = "Loyalty memberships: customer, join date, leave date (empty while a member)" };

    public Option<string?> Codebook { get; } = new("--reason-codebook") { Description = "Keywords that code open churn reasons, lines 'reason,keyword;keyword' (before the kit's default rule; with it, reasons are always coded)" };

    public sealed record Files(string? Subscriptions, string? Invoices, string? Surveys, string? Members, string? Codebook = null);

    public void AddTo(Command cmd)
    {
        foreach (var o in new[] { Subscriptions, Invoices, Surveys, Members, Codebook }) cmd.Options.Add(o);
    }

    /// <summary>The loader options of a command whose FILE is itself a table: everything the transaction options say about reading it.</summary>
    public static TableOptions ForFile(LoadOptions o, IReadOnlyDictionary<string, string>? columns = null) => new()
    {
        Culture = o.Culture, DateFormats = o.DateFormats, Encoding = o.Encoding, Delimiter = o.Delimiter, Columns = columns,
        Strict = o.Strict, MissingMarkers = o.MissingMarkers, Sheet = o.Sheet, HeaderRow = o.HeaderRow,
    };

    public Files? Paths(ParseResult r)
    {
        var f = new Files(r.GetValue(Subscriptions), r.GetValue(Invoices), r.GetValue(Surveys), r.GetValue(Members), r.GetValue(Codebook));
        if (f is { Subscriptions: null, Invoices: null, Surveys: null, Members: null })
            return f.Codebook is null ? null : throw new UsageException("--reason-codebook codes the churn reasons of a survey file: give --surveys FILE too.");
        return f;
    }

    /// <summary>Loads the tables given, in the transaction file's culture and date formats; each with its load report.</summary>
    public static (OtherTables Tables, IReadOnlyList<TableLoadReport> Reports) Load(Files f, LoadOptions o, Action<string> step)
    {
        // Beside a transaction file, the tables share its culture and date formats; how to read the file itself
        // (encoding, delimiter, sheet, header row) belongs to the transaction file and is left to detection.
        var options = new TableOptions { Culture = o.Culture, DateFormats = o.DateFormats, Strict = o.Strict, MissingMarkers = o.MissingMarkers };
        var reports = new List<TableLoadReport>();
        IReadOnlyList<T>? One<T>(string? path, Func<string, TableOptions?, TableLoadResult<T>> load)
        {
            if (path is null) return null;
            step($"loading {path}");
            var result = load(path, options);
            reports.Add(result.Report);
            return result.Rows;
        }
        IReadOnlyList<(string, string[])>? codebook = null;
        if (f.Codebook is { } book)
        {
            if (!File.Exists(book)) throw new UsageException($"--reason-codebook: no file at '{Echo.Value(book)}'.");
            try { codebook = RetentionKit.Surveys.ReasonCodebook.Parse(File.ReadAllText(book), Path.GetFileName(book)); }
            catch (FormatException e) { throw new UsageException("--reason-codebook: " + e.Message); }
        }
        var tables = new OtherTables(One<Subscription>(f.Subscriptions, TableLoader.Subscriptions), One<Invoice>(f.Invoices, TableLoader.Invoices),
            One<SurveyResponse>(f.Surveys, TableLoader.Surveys), One<LoyaltyMembership>(f.Members, TableLoader.Members)) { Codebook = codebook };
        return (tables, reports);
    }
}
