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

    public sealed record Files(string? Subscriptions, string? Invoices, string? Surveys, string? Members);

    public void AddTo(Command cmd)
    {
        foreach (var o in new[] { Subscriptions, Invoices, Surveys, Members }) cmd.Options.Add(o);
    }

    public Files? Paths(ParseResult r)
    {
        var f = new Files(r.GetValue(Subscriptions), r.GetValue(Invoices), r.GetValue(Surveys), r.GetValue(Members));
        return f is { Subscriptions: null, Invoices: null, Surveys: null, Members: null } ? null : f;
    }

    /// <summary>Loads the tables given, in the transaction file's culture and date formats; each with its load report.</summary>
    public static (OtherTables Tables, IReadOnlyList<TableLoadReport> Reports) Load(Files f, LoadOptions o, Action<string> step)
    {
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
        var tables = new OtherTables(One<Subscription>(f.Subscriptions, TableLoader.Subscriptions), One<Invoice>(f.Invoices, TableLoader.Invoices),
            One<SurveyResponse>(f.Surveys, TableLoader.Surveys), One<LoyaltyMembership>(f.Members, TableLoader.Members));
        return (tables, reports);
    }
}
