using System.CommandLine;
using System.Globalization;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary><c>retention inspect FILE</c>: loads a file and prints the load report.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "Transaction file: CSV, .csv.gz, Excel (.xlsx, .xls), Parquet, or CDNOW text (--preset cdnow)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var table = new Option<string>("--table") { Description = "What the file holds: transactions (default), subscriptions, invoices, surveys or members", DefaultValueFactory = _ => "transactions" };
        var map = new Option<string[]>("--map") { Description = "For --table: ROLE=HEADER for a column whose header the loader does not know, e.g. customer=Kunde (repeatable)", AllowMultipleArgumentsPerToken = false };
        var loader = new LoaderArguments();
        var cmd = new Command("inspect", "Load a file and report what was read, accepted and rejected.") { file, json, table, map };
        loader.AddTo(cmd);
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            string kind = (r.GetValue(table) ?? "transactions").Trim().ToLowerInvariant();
            if (kind != "transactions")
            {
                var o = loader.Build(r);
                var columns = new Dictionary<string, string>(StringComparer.Ordinal);
                if (o.CustomerColumn is { } c) columns["customer"] = c;
                foreach (var m in r.GetValue(map) ?? [])
                {
                    int eq = m.IndexOf('=');
                    if (eq <= 0 || eq == m.Length - 1) throw new UsageException($"--map '{Echo.Value(m)}': expected ROLE=HEADER, e.g. customer=Kunde.");
                    columns[m[..eq].Trim().ToLowerInvariant()] = m[(eq + 1)..].Trim();
                }
                var options = TableArguments.ForFile(o, columns);
                string path = r.GetValue(file)!;
                var report = kind switch
                {
                    "subscriptions" => TableLoader.Subscriptions(path, options).Report,
                    "invoices" => TableLoader.Invoices(path, options).Report,
                    "surveys" => TableLoader.Surveys(path, options).Report,
                    "members" => TableLoader.Members(path, options).Report,
                    _ => throw new UsageException($"--table: expected transactions, subscriptions, invoices, surveys or members, got '{Echo.Value(kind)}'."),
                };
                stdout.WriteLine(r.GetValue(json)
                    ? Json.Write(new
                    {
                        source = report.Source, table = report.Table, format = report.Format, rowsRead = report.RowsRead, rowsAccepted = report.RowsAccepted, rowsRejected = report.RowsRejected,
                        columns = report.ColumnMapping, encoding = report.Encoding, culture = report.Culture, rejectionCounts = report.RejectionCounts,
                        rejections = report.Rejections.Select(x => new { line = x.Line, column = x.Column, value = x.Value, reason = x.Reason }), warnings = report.Warnings,
                    })
                    : report.ToString());
                return 0;
            }
            var result = TransactionLoader.Load(r.GetValue(file)!, loader.Build(r));
            stdout.WriteLine(r.GetValue(json) ? Json.Write(ToJson(result.Report)) : ToText(result.Report));
            return 0;
        }));
        return cmd;
    }

    internal static object ToJson(LoadReport r) => new
    {
        source = r.Source,
        format = r.Format,
        rowsRead = r.RowsRead,
        rowsAccepted = r.RowsAccepted,
        rowsRejected = r.RowsRejected,
        rowsWithoutCustomer = r.RowsWithoutCustomer,
        duplicateRows = r.DuplicateRows,
        duplicatesDropped = r.DuplicatesDropped,
        customers = r.Customers,
        purchaseOrders = r.Orders,
        returnInvoices = r.ReturnInvoices,
        invoicesWithoutCustomer = r.InvoicesWithoutCustomer,
        lines = r.Lines.ToDictionary(l => char.ToLowerInvariant(l.Key.ToString()[0]) + l.Key.ToString()[1..], l => l.Value),
        returnRows = r.ReturnRows,
        firstTimestamp = r.FirstTimestamp?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        lastTimestamp = r.LastTimestamp?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        netRevenue = Math.Round(r.NetRevenue, 2),
        blankLines = r.BlankLines,
        delimiter = r.Delimiter switch { ' ' => "whitespace", '\0' => null, var d => d.ToString() },
        culture = r.Culture,
        encoding = r.Encoding,
        columns = r.ColumnMapping,
        rejectionCounts = r.RejectionCounts,
        rejections = r.Rejections.Select(x => new { line = x.Line, column = x.Column, value = x.Value, reason = x.Reason }),
        warnings = r.Warnings,
    };

    internal static string ToText(LoadReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<(string, string)>
        {
            ("source", r.Source),
            ("format", r.Format),
            ("rows read", r.RowsRead.ToString("N0", inv)),
            ("  accepted", r.RowsAccepted.ToString("N0", inv)),
            ("  rejected", r.RowsRejected.ToString("N0", inv)),
            ("rows without customer id", r.RowsWithoutCustomer.ToString("N0", inv)),
            ("exact duplicate rows", $"{r.DuplicateRows.ToString("N0", inv)} ({(r.DuplicatesDropped ? "dropped" : "kept")})"),
            ("customers", r.Customers.ToString("N0", inv)),
            ("purchase orders", r.Orders.ToString("N0", inv) + " (distinct customer and order id of identified customers' purchases)"),
            ("return invoices", r.ReturnInvoices.ToString("N0", inv)),
            ("invoices w/o customer", r.InvoicesWithoutCustomer.ToString("N0", inv)),
            ("return rows", r.ReturnRows.ToString("N0", inv)),
            ("lines", string.Join(", ", r.Lines.Where(l => l.Value > 0).Select(l => $"{LoadReport.LineNames[l.Key]} {l.Value.ToString("N0", inv)}"))),
            ("first timestamp", r.FirstTimestamp?.ToString("yyyy-MM-dd HH:mm:ss", inv) ?? "-"),
            ("last timestamp", r.LastTimestamp?.ToString("yyyy-MM-dd HH:mm:ss", inv) ?? "-"),
            ("net revenue", double.IsNaN(r.NetRevenue) ? "undefined (no money columns)" : r.NetRevenue.ToString("N2", inv)),
            ("delimiter", r.Delimiter switch { ' ' => "whitespace", '\t' => "tab", '\0' => "(none: cells)", var d => d.ToString() }),
            ("culture", r.Culture),
            ("encoding", r.Encoding),
            ("columns", string.Join(", ", r.ColumnMapping.Select(p => $"{p.Key} = {p.Value}"))),
        };
        int w = rows.Max(x => x.Item1.Length);
        var sb = new System.Text.StringBuilder();
        foreach (var (k, v) in rows) sb.AppendLine($"{k.PadRight(w)}  {v}");
        if (r.RowsRejected > 0)
        {
            sb.AppendLine().AppendLine("rejections by rule:");
            foreach (var (k, v) in r.RejectionCounts.OrderByDescending(p => p.Value)) sb.AppendLine($"  {v.ToString("N0", inv),10}  {k}");
            sb.AppendLine().AppendLine($"first {r.Rejections.Count} rejections:");
            foreach (var x in r.Rejections) sb.AppendLine($"  line {x.Line}, {x.Column}: '{x.Value}' {x.Reason}");
        }
        foreach (var x in r.Warnings) sb.AppendLine($"warning: {x}");
        return sb.ToString().TrimEnd();
    }
}
