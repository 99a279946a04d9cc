using System.Globalization;

namespace RetentionKit.Data;

/// <summary>How to read one of the other tables (subscriptions, invoices, surveys, members): the transaction loader's options that apply.</summary>
public sealed record TableOptions
{
    /// <summary>Culture of numbers and dates (invariant by default; d/m/y order then detected, never guessed).</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;
    /// <summary>Exact date formats (e.g. dd.MM.yyyy), tried in order.</summary>
    public IReadOnlyList<string>? DateFormats { get; init; }
    /// <summary>Text encoding; detected when null (BOM, valid UTF-8, else Windows-1252).</summary>
    public System.Text.Encoding? Encoding { get; init; }
    /// <summary>Field delimiter; sniffed when null.</summary>
    public char? Delimiter { get; init; }
    /// <summary>Column names for roles whose header is not one the loader knows, e.g. { ["customer"] = "Kunde" }.</summary>
    public IReadOnlyDictionary<string, string>? Columns { get; init; }
    /// <summary>Stop at the first rejected row.</summary>
    public bool Strict { get; init; }
    /// <summary>Rejections listed in the report (all are counted).</summary>
    public int MaxListedRejections { get; init; } = 100;
    /// <summary>Values read as missing.</summary>
    public IReadOnlyCollection<string> MissingMarkers { get; init; } = ["NA", "N/A", "NaN", "NULL", "None", "nil", "#N/A", "-"];
    /// <summary>The sheet of an Excel workbook (the first when null).</summary>
    public string? Sheet { get; init; }
    /// <summary>The 1-based row or line of the header (see <see cref="LoadOptions.HeaderRow"/>).</summary>
    public int? HeaderRow { get; init; }
}

/// <summary>What loading a table did: rows read = accepted + rejected, every rejection with line, column, value and reason.</summary>
public sealed record TableLoadReport(
    string Source, string Table, long RowsRead, long RowsAccepted, long RowsRejected, IReadOnlyList<Rejection> Rejections,
    IReadOnlyDictionary<string, long> RejectionCounts, IReadOnlyDictionary<string, string> ColumnMapping, string Encoding, string Culture,
    IReadOnlyList<string> Warnings)
{
    /// <summary>What kind of file it was (CSV text, an Excel workbook with its sheet and header row, Parquet).</summary>
    public string Format { get; init; } = "CSV text";

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Source} ({Table}): {RowsRead:N0} rows read = {RowsAccepted:N0} accepted + {RowsRejected:N0} rejected\n");
        sb.Append("format: ").Append(Format).Append('\n');
        sb.Append("columns: ").AppendJoin(", ", ColumnMapping.Select(kv => $"{kv.Key} = {kv.Value}")).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"encoding {Encoding}, culture {Culture}");
        foreach (var (reason, n) in RejectionCounts) sb.Append(CultureInfo.InvariantCulture, $"\nrejected {n:N0}: {reason}");
        foreach (var r in Rejections.Take(10)) sb.Append("\n  ").Append(r);
        foreach (var w in Warnings) sb.Append("\nwarning: ").Append(w);
        return sb.ToString();
    }
}

/// <summary>The rows of a table and how they were read.</summary>
public sealed record TableLoadResult<T>(IReadOnlyList<T> Rows, TableLoadReport Report);

/// <summary>
/// Loaders for the tables beside transactions (spec §0): subscriptions, invoices, survey responses and loyalty
/// memberships, from CSV or gzip CSV. They read text as the transaction loader does (encoding detection, delimiter
/// sniffing, quoted fields, cultures, d/m/y order detected or refused, missing markers) and account for every row.
/// </summary>
public static class TableLoader
{
    private sealed record Role(string Name, bool Required, params string[] Headers);

    /// <summary>Subscriptions: customer, start, end (empty while open), monthly amount.</summary>
    public static TableLoadResult<Subscription> Subscriptions(string path, TableOptions? options = null) => Read(path, "subscriptions",
        [new("customer", true, "customer", "customerid", "client", "subscriber"), new("start", true, "start", "startdate", "started", "from"),
         new("end", false, "end", "enddate", "ended", "cancelled", "canceled", "to"), new("amount", true, "mrr", "monthlyamount", "amount", "price", "monthly")],
        r =>
        {
            var start = r.Date("start")!.Value;
            var end = r.Date("end");
            if (end < start) throw r.Reject("end", $"is before the start {start:yyyy-MM-dd}");
            double amount = r.Number("amount")!.Value;
            if (amount < 0) throw r.Reject("amount", "is negative; a recurring amount is 0 or more");
            return new Subscription(r.Text("customer")!, start, end, amount);
        }, options);

    /// <summary>Invoices: invoice id, customer, issue date, due date, amount, paid date (empty while open).</summary>
    public static TableLoadResult<Invoice> Invoices(string path, TableOptions? options = null) => Read(path, "invoices",
        [new("invoice", true, "invoice", "invoiceid", "invoiceno", "invoicenumber", "number"), new("customer", true, "customer", "customerid", "client", "debtor"),
         new("issued", true, "issuedate", "issued", "invoicedate", "date"), new("due", true, "duedate", "due"),
         new("amount", true, "amount", "total", "value"), new("paid", false, "paiddate", "paid", "paymentdate", "paidon")],
        r =>
        {
            var issued = r.Date("issued")!.Value;
            var due = r.Date("due")!.Value;
            if (due < issued) throw r.Reject("due", $"is before the issue date {issued:yyyy-MM-dd}");
            var paid = r.Date("paid");
            if (paid < issued) throw r.Reject("paid", $"is before the issue date {issued:yyyy-MM-dd}");
            double amount = r.Number("amount")!.Value;
            if (amount <= 0) throw r.Reject("amount", "is not positive; an invoice for a credit sale has an amount above 0");
            return new Invoice(r.Text("invoice")!, r.Text("customer")!, issued, due, amount, paid);
        }, options);

    /// <summary>Survey responses: customer, date, NPS (0–10) and/or CSAT (1–5) and/or a churn reason.</summary>
    public static TableLoadResult<SurveyResponse> Surveys(string path, TableOptions? options = null) => Read(path, "surveys",
        [new("customer", true, "customer", "customerid", "client", "respondent"), new("date", true, "date", "responsedate", "submitted", "timestamp", "answered"),
         new("nps", false, "nps", "recommend", "likelihood", "npsscore"), new("csat", false, "csat", "satisfaction", "csatscore"),
         new("reason", false, "reason", "churnreason", "cancellationreason", "why", "comment")],
        r =>
        {
            int? nps = r.Score("nps", 0, 10), csat = r.Score("csat", 1, 5);
            var reason = r.Text("reason");
            if (nps is null && csat is null && reason is null) throw r.Reject(r.Has("nps") ? "nps" : r.Has("csat") ? "csat" : "date", "has no answer with it: an NPS score, a CSAT score or a reason is needed");
            return new SurveyResponse(r.Text("customer")!, r.Date("date")!.Value, nps, csat, reason);
        }, options);

    /// <summary>Loyalty memberships: customer, join date, leave date (empty while a member).</summary>
    public static TableLoadResult<LoyaltyMembership> Members(string path, TableOptions? options = null) => Read(path, "members",
        [new("customer", true, "customer", "customerid", "client", "member", "memberid"), new("joined", true, "joindate", "joined", "join", "membersince", "start"),
         new("left", false, "leavedate", "left", "leave", "end", "enddate")],
        r =>
        {
            var joined = r.Date("joined")!.Value;
            var left = r.Date("left");
            if (left < joined) throw r.Reject("left", $"is before the join date {joined:yyyy-MM-dd}");
            return new LoyaltyMembership(r.Text("customer")!, joined, left);
        }, options);

    private static string[] SheetNames(string table) => table switch
    {
        "subscriptions" => ["subscriptions", "subscription", "subscribers", "contracts"],
        "invoices" => ["invoices", "invoice", "receivables", "ledger", "ar"],
        "surveys" => ["surveys", "survey", "responses", "survey responses", "nps", "feedback"],
        "members" => ["members", "membership", "memberships", "loyalty"],
        _ => [table],
    };

    private static string Normal(string header) => new(header.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static TableLoadResult<T> Read<T>(string path, string table, Role[] roles, Func<Row, T?> build, TableOptions? options)
    {
        var o = options ?? new TableOptions();
        const string kinds = "CSV, .csv.gz, .xlsx, .xls or Parquet";
        if (Directory.Exists(path)) throw new TransactionLoadException(path, $"is a folder; expected a {table} file ({kinds}).");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file; expected a {table} file ({kinds}).", path);
        if (o.HeaderRow is < 1) throw new ArgumentOutOfRangeException(nameof(options), o.HeaderRow, "The header row is 1 or more.");
        string source = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        if (stream.Length == 0) throw new TransactionLoadException(source, $"the file is empty; expected a header line and {table} rows.");
        var opened = RecordInput.Open(stream, source, new SourceChoice(o.Encoding, o.Delimiter, o.Sheet, o.HeaderRow) { TableSheets = SheetNames(table) });
        using var src = opened.Records;
        if (src.Headers.Count == 0) throw new TransactionLoadException(source, $"the file is empty; expected a header line and {table} rows.");
        var headers = src.Headers.ToList();
        var normal = headers.Select(Normal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            int at = -1;
            if (o.Columns?.TryGetValue(role.Name, out var named) == true)
            {
                at = headers.FindIndex(h => string.Equals(h.Trim(), named.Trim(), StringComparison.OrdinalIgnoreCase));
                if (at < 0) throw new TransactionLoadException(source, $"the {role.Name} column '{Echo.Value(named)}' is not in the header; found: {string.Join(", ", headers.Select(h => Echo.Value(h)))}.");
            }
            else
                foreach (var candidate in role.Headers)
                    if ((at = normal.IndexOf(candidate)) >= 0) break;
            if (at >= 0) { index[role.Name] = at; mapping[role.Name] = headers[at]; }
            else if (role.Required)
                throw new TransactionLoadException(source, $"no {role.Name} column: expected a header such as {string.Join(", ", role.Headers.Take(3))} (or name it: --map {role.Name}=HEADER); found: {string.Join(", ", headers.Select(h => Echo.Value(h)))}.");
        }
        var numbers = new NumberReader(o.Culture);
        var dates = new DateReader(o.Culture, o.DateFormats);
        var missing = new HashSet<string>(o.MissingMarkers, StringComparer.OrdinalIgnoreCase);
        var required = roles.Where(r => r.Required).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var rows = new List<T>();
        var rejections = new List<Rejection>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long read = 0;
        var row0 = new Row(src, index, mapping, required, numbers, dates, missing);
        while (src.Read())
        {
            read++;
            var row = row0.Next();
            T? value = default;
            try { value = build(row); }
            catch (RowRejected) { }
            if (row.Rejection is { } why)
            {
                var rejection = new Rejection(src.Line, why.Column, why.Value, why.Reason);
                if (o.Strict) throw new TransactionLoadException(source, $"'{why.Value}' {why.Reason} (strict mode stops at the first rejected row).", src.Line, why.Column);
                if (rejections.Count < o.MaxListedRejections) rejections.Add(rejection);
                string key = $"{why.Column} {why.Reason}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
                continue;
            }
            rows.Add(value!);
        }
        try { foreach (var role in roles) if (index.ContainsKey(role.Name)) dates.Finish(mapping[role.Name]); }
        catch (FormatException e) { throw new TransactionLoadException(source, e.Message); }
        var warnings = new List<string>(opened.Notes);
        if (row0.SerialDates > 0) warnings.Add(TypedCells.SerialNote(row0.SerialDates, "date columns"));
        if (dates.OrderNote is { } note) warnings.Add(note);
        if (read - rows.Count > 0) warnings.Add($"{read - rows.Count:N0} of {read:N0} rows were rejected; see the rejections above.");
        var report = new TableLoadReport(source, table, read, rows.Count, read - rows.Count, rejections,
            counts.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value), mapping, opened.Encoding,
            o.Culture.Name.Length == 0 ? "invariant" : o.Culture.Name, warnings) { Format = opened.Format };
        return new TableLoadResult<T>(rows, report);
    }

    private sealed class RowRejected : Exception;

    /// <summary>One record, read field by field; the first field that fails rejects the row with its column and reason.</summary>
    private sealed class Row(IRecordSource src, Dictionary<string, int> index, Dictionary<string, string> mapping, HashSet<string> required, NumberReader numbers, DateReader dates, HashSet<string> missing)
    {
        public (string Column, string Value, string Reason)? Rejection { get; private set; }
        public long SerialDates { get; private set; }
        public bool Has(string role) => index.ContainsKey(role);

        /// <summary>Readies the reader for the record the source has just moved to.</summary>
        public Row Next()
        {
            Rejection = null;
            return this;
        }

        private string? Raw(string role)
        {
            if (!index.TryGetValue(role, out int i) || i >= src.FieldCount) return null;
            var s = src.Field(i).Trim().ToString();
            return s.Length == 0 || missing.Contains(s) ? null : s;
        }

        private object? Typed(string role) => index.TryGetValue(role, out int i) && i < src.FieldCount ? src.Typed(i) : null;

        /// <summary>Rejects the row for a rule across fields (throw what it returns).</summary>
        public Exception Reject(string role, string reason) => Fail(role, Raw(role) ?? "", reason);

        private Exception Fail(string role, string value, string reason)
        {
            Rejection ??= (mapping.GetValueOrDefault(role, role), Echo.Value(value), reason);
            return new RowRejected();
        }

        public string? Text(string role)
        {
            var v = Raw(role);
            if (v is null && IsRequired(role)) throw Fail(role, "", "is empty; this column is required");
            return v;
        }

        public DateTime? Date(string role)
        {
            var v = Raw(role);
            if (v is null) return IsRequired(role) ? throw Fail(role, "", "is empty; a date is required") : null;
            if (Typed(role) is { } cell && TypedCells.TryDate(cell, src.SerialDates, out var t, out var typedWhy) is { } ok)
            {
                if (!ok) throw Fail(role, v, typedWhy!);
                if (TypedCells.IsSerial(cell)) SerialDates++;
                return t;
            }
            return dates.TryParse(v, out var d, out var why) ? d : throw Fail(role, v, why ?? "is not a date");
        }

        public double? Number(string role)
        {
            var v = Raw(role);
            if (v is null) return IsRequired(role) ? throw Fail(role, "", "is empty; a number is required") : null;
            double x;
            if (Typed(role) is { } cell) { if (!TypedCells.TryNumber(cell, out x, out var typedWhy)) throw Fail(role, v, typedWhy!); }
            else if (!numbers.TryParse(v, out x, out var why)) throw Fail(role, v, why ?? "is not a number");
            return double.IsFinite(x) ? x : throw Fail(role, v, "is not a finite number");
        }

        public int? Score(string role, int min, int max)
        {
            var x = Number(role);
            if (x is null) return null;
            if (x != Math.Floor(x.Value) || x < min || x > max)
                throw Fail(role, Raw(role) ?? "", $"is outside the {min}–{max} scale (whole points)");
            return (int)x.Value;
        }

        private bool IsRequired(string role) => required.Contains(role);
    }
}
