using System.Globalization;
using RetentionKit.Data;

namespace RetentionKit.Sql;

/// <summary>
/// Files as DuckDB tables with the loader's rules: one parse expression per canonical column, one rejection reason per
/// row, parsed once. A text row's line is its row number in the raw table plus the lines DuckDB's own parser rejected
/// before it; a Parquet row's is its row in its file (plus the file's number times 2⁴⁰ in a folder).
/// </summary>
internal static class DuckDbFiles
{
    private const string Raw = "rk_raw", Parsed = "rk_parsed", Accepted = "rk_lines";
    private const long FileStride = 1L << 40; // lines of a folder's k-th file are k · 2⁴⁰ + its line
    // A parsed line in DuckDB's plain in-memory columns (measured: 1.1 GB for 10.3 million generated lines).
    private const long PlainBytesPerLine = 110;

    /// <summary>The file's lines as DuckDB's table of parsed lines, and what was read and rejected.</summary>
    /// <param name="db">The DuckDB connection.</param>
    /// <param name="path">A file, or a folder of Parquet files.</param>
    /// <param name="o">The loader's options.</param>
    /// <param name="memoryBytes">DuckDB's memory limit: Parquet lines that would take more than 40 % of it as plain
    /// columns are parsed a file at a time and compressed after each (see <see cref="PlainBytesPerLine"/>).</param>
    public static LineSource Open(AdoRunner db, string path, LoadOptions o, long memoryBytes)
    {
        var d = SqlDialect.DuckDb;
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        bool folder = Directory.Exists(path);
        if (!folder && !File.Exists(path)) throw new FileNotFoundException($"No transaction file or folder at '{Echo.Value(path)}'.", path);
        // A folder's Parquet files in name order: its lines are numbered file by file in this order.
        var files = folder ? Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [path];
        string? sample = files.FirstOrDefault();
        if (sample is null) throw new TransactionLoadException(name, "the folder holds no .parquet files; the DuckDB engine reads a file, or a folder of Parquet files.");

        // The kit's own opener tells the kind of file, its delimiter, encoding and header, and where the data starts.
        OpenedSource opened;
        IReadOnlyList<string> headers;
        long firstLine;
        using (var stream = File.OpenRead(sample))
        {
            opened = RecordInput.Open(stream, name, TransactionLoader.ChoiceFor(o));
            using var records = opened.Records;
            headers = records.Headers.ToList();
            firstLine = records.Read() ? records.Line : 0;
        }
        if (headers.Count == 0) throw TransactionLoadException.Empty(name);
        o = TransactionLoader.WithPreset(o, headers);
        var map = ColumnDetection.Map(name, headers, o);
        bool parquet = opened.Format.StartsWith("Parquet", StringComparison.Ordinal);
        bool whitespace = opened.Delimiter == ' ';
        if (opened.Format.Contains("Excel", StringComparison.Ordinal) || opened.Format.Contains("ZIP", StringComparison.Ordinal))
            throw new TransactionLoadException(name, $"the DuckDB engine reads CSV, gzip CSV, whitespace text and Parquet, not {opened.Format}: load it in memory (the default engine), or save it as CSV.");

        // Every column as DuckDB sees it, with its type: Parquet keeps typed dates and numbers, text is all VARCHAR.
        string relation;
        long offset;
        var notes = new List<string>(opened.Notes);
        if (parquet)
        {
            // A folder's lines are numbered within each file: each file gets its number (in name order) as a constant, so a
            // line is unique across them without a join on the file name per row.
            relation = ParquetRelation(Enumerable.Range(0, files.Count));
            offset = 1;
        }
        else
        {
            bool gzip = opened.Format.Contains("gzip", StringComparison.Ordinal);
            string encoding = opened.Encoding.Contains("1252", StringComparison.Ordinal) || opened.Encoding.Contains("Latin", StringComparison.OrdinalIgnoreCase) ? "latin-1"
                : opened.Encoding.Contains("16", StringComparison.Ordinal) ? "utf-16" : "utf-8";
            bool headerLine = !whitespace || firstLine > 1;
            long skip = Math.Max(0, firstLine - (headerLine ? 2 : 1));
            string columns = whitespace ? ", columns = {'rk_text': 'VARCHAR'}, quote = '', escape = ''"
                : $", columns = {{{string.Join(", ", headers.Select(h => $"{d.Literal(h)}: 'VARCHAR'"))}}}, quote = '\"', escape = '\"'";
            string delimiter = whitespace ? "\u001f" : opened.Delimiter.ToString();
            db.Execute($"CREATE TABLE {Raw} AS SELECT * FROM read_csv({d.Literal(path)}, delim = {d.Literal(delimiter)}, header = {(headerLine && !whitespace ? "true" : "false")}, skip = {skip + (whitespace && headerLine ? 1 : 0)}, " +
                       $"compression = '{(gzip ? "gzip" : "none")}', encoding = '{encoding}', store_rejects = true, null_padding = false, auto_detect = false{columns})");
            relation = Raw;
            offset = firstLine;
        }
        string ParquetRelation(IEnumerable<int> which) => "(" + string.Join(" UNION ALL BY NAME ", which.Select(k =>
            $"SELECT *, {k + 1} AS rk_k " +
            $"FROM read_parquet({d.Literal(files[k])}, file_row_number = true, hive_partitioning = {(folder ? "true" : "false")})")) + ")";
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        db.Query($"DESCRIBE SELECT * FROM {relation}", r => types[r.Text(0)!] = r.Text(1)!);

        var rejections = new List<Rejection>();
        var counts = new Dictionary<string, long>();
        long parserRejected = 0;
        // DuckDB's own parser rejections (a row of the wrong width, an unclosed quote) come with their line.
        if (!parquet)
            db.Query("SELECT line, column_name, csv_line, error_type, error_message FROM reject_errors ORDER BY line", r =>
            {
                parserRejected++;
                string key = $"(row): {r.Text(3)?.ToLowerInvariant().Replace('_', ' ')}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
                if (rejections.Count < o.MaxListedRejections)
                    rejections.Add(new Rejection(r.Long(0), "(row)", Echo.Value(r.Text(2) ?? ""), Echo.Value(r.Text(4) ?? "")));
            });

        // The table's rows skip the lines DuckDB rejected: each row's line is its row number plus the rejected lines before it.
        string lineShift = "";
        if (parserRejected > 0)
        {
            db.Execute($"CREATE TEMP TABLE rk_shift AS SELECT line - (row_number() OVER (ORDER BY line) - 1) - {offset} AS pos, row_number() OVER (ORDER BY line) AS n FROM (SELECT DISTINCT line FROM reject_errors)");
            lineShift = " + coalesce((SELECT max(n) FROM rk_shift WHERE pos <= rk_row), 0)";
        }

        string Col(int ordinal)
        {
            if (whitespace) return $"rk_fields[{ordinal + 1}]";
            string h = headers[ordinal];
            if (!types.ContainsKey(h)) throw new TransactionLoadException(name, $"DuckDB does not see the column '{Echo.Value(h)}' the header names; the header it reads is {string.Join(", ", types.Keys.Select(k => $"'{k}'"))}.");
            return Quote(h);
        }
        bool Typed(int ordinal, params string[] prefixes) => !whitespace && types.TryGetValue(headers[ordinal], out var t) && prefixes.Any(p => t.StartsWith(p, StringComparison.Ordinal));
        string Trimmed(int ordinal) => $"trim({Col(ordinal)})";
        // A number cell used as an id reads as the loader reads it: 17850, not 17850.0.
        string TextOf(int ordinal) => Typed(ordinal, "VARCHAR") || whitespace ? Trimmed(ordinal)
            : Typed(ordinal, "DOUBLE", "FLOAT") ? $"(CASE WHEN {Col(ordinal)} = floor({Col(ordinal)}) AND abs({Col(ordinal)}) < 1e15 THEN CAST(CAST({Col(ordinal)} AS BIGINT) AS VARCHAR) ELSE CAST({Col(ordinal)} AS VARCHAR) END)"
            : $"trim(CAST({Col(ordinal)} AS VARCHAR))";

        // Whole-number id columns stay numbers: grouping and joining on them is cheaper than on their text, and the kit
        // reads their text only for the few rows it fetches.
        string[] integers = ["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"];
        bool Whole(int ordinal) => ordinal >= 0 && Typed(ordinal, integers);
        string IdOf(int ordinal) => Whole(ordinal) ? $"CAST({Col(ordinal)} AS BIGINT)" : $"nullif({TextOf(ordinal)}, '')";
        int cCust = map[Field.Customer], cOrder = map[Field.Order], cDate = map[Field.Date], cQty = map[Field.Quantity], cPrice = map[Field.Price],
            cAmount = map[Field.Amount], cProduct = map[Field.Product], cFlag = map[Field.ReturnFlag], cName = map[Field.Description];
        var culture = o.Culture;
        var numbers = culture.NumberFormat;
        string NumberOf(int ordinal)
        {
            if (Typed(ordinal, "DOUBLE", "FLOAT", "DECIMAL", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER")) return $"CAST({Col(ordinal)} AS DOUBLE)";
            string t = TextOf(ordinal);
            // The culture's decimal separator, and no thousands separators: '1,234' is not guessed either way.
            if (numbers.NumberDecimalSeparator != ".") t = $"replace({t}, {d.Literal(numbers.NumberDecimalSeparator)}, '.')";
            return $"(CASE WHEN regexp_full_match({t}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST({t} AS DOUBLE) END)";
        }
        string DateOf(int ordinal, List<string> dateNotes)
        {
            if (Typed(ordinal, "TIMESTAMP", "DATE")) return $"CAST({Col(ordinal)} AS TIMESTAMP)";
            string t = TextOf(ordinal);
            var formats = o.DateFormats is { Count: > 0 } given ? given.Select(StrptimeFormat).ToList() : DateFormats(db, relation, whitespace, t, culture, dateNotes, name, headers[ordinal]);
            return $"try_strptime({t}, [{string.Join(", ", formats.Select(d.Literal))}])";
        }
        var dateNotes = new List<string>();
        string whitespaceFields = whitespace ? $", string_split_regex(trim(rk_text), '\\s+') AS rk_fields" : "";
        string fieldCount = whitespace ? $"len(rk_fields) <> {headers.Count}" : "false";
        string lineExpr = parquet ? (folder ? $"file_row_number + 1 + rk_k * {FileStride}" : "file_row_number + 1") : $"rk_row + {offset}{lineShift}";
        // A folder's file is told by its line (line / 2⁴⁰), not stored beside each of a hundred million lines.
        var fileNames = parquet && folder ? files.Select(f => Path.GetRelativePath(path, f)).ToList() : [];
        string? FileOf(long line) => fileNames.Count > 0 ? fileNames[(int)(line / FileStride) - 1] : null;

        string customer = TextOf(cCust);
        if (Whole(cCust)) customer = IdOf(cCust);
        else if (o.NormalizeNumericIds) customer = $"(CASE WHEN regexp_full_match({customer}, '[0-9]+([.]0*)?') AND length({customer}) <= 40 THEN coalesce(nullif(ltrim(split_part({customer}, '.', 1), '0'), ''), '0') ELSE {customer} END)";
        if (!Whole(cCust)) customer = $"(CASE WHEN {customer} = '' OR lower({customer}) IN ({Reductions.MissingMarkers(d, o)}) THEN NULL ELSE {customer} END)";
        string Opt(int ordinal, Func<int, string> f) => ordinal >= 0 ? f(ordinal) : "NULL";
        string qty = Opt(cQty, NumberOf), price = Opt(cPrice, NumberOf), amountCol = Opt(cAmount, NumberOf);
        string flagText = cFlag >= 0 ? $"lower({TextOf(cFlag)})" : "''";
        var (yes, no) = Reductions.FlagWords(d);
        string flag = $"(CASE WHEN {flagText} IN ({yes}) THEN 1 WHEN {flagText} IN ('', {no}) THEN 0 END)";
        // The raw cells ride along uncast: only a rejected row's are turned into text (in its reason's CASE branch).
        string rawValue(int ordinal) => ordinal >= 0 ? Col(ordinal) : "NULL";
        string dateExpr = DateOf(cDate, dateNotes);

        // One pass: the parsed columns, then the first failing rule as the row's reason.
        string ParsedFrom(string from) => $"SELECT {lineExpr} AS line, {customer} AS customer, {Opt(cOrder, IdOf)} AS order_id, " +
                        $"{dateExpr} AS ts, {qty} AS qty, {price} AS price, {amountCol} AS amount_given, {Opt(cProduct, IdOf)} AS product, " +
                        $"{Opt(cName, c => $"nullif({TextOf(c)}, '')")} AS pname, {flag} AS flag, {fieldCount} AS bad_width, {(whitespace ? "len(rk_fields)" : "NULL")} AS rk_width, " +
                        $"{rawValue(cDate)} AS raw_date, {rawValue(cQty)} AS raw_qty, {rawValue(cPrice)} AS raw_price, {rawValue(cAmount)} AS raw_amount, {rawValue(cFlag)} AS raw_flag" +
                        (whitespace ? ", rk_text" : "") + $" FROM (SELECT *{whitespaceFields}{(parquet ? "" : ", rowid AS rk_row")} FROM {from})";
        string parsed = ParsedFrom(relation);
        string amount = cAmount >= 0 ? "amount_given" : cQty >= 0 && cPrice >= 0 ? "(qty * price)" : "NULL";
        // The first failing rule as a small code (one byte a line, not two texts): the reason's words are made here, and
        // the failing value is fetched from the file for the few rejections listed.
        var reasons = new List<(string Column, string Rule, string Text, string Value)>();
        string When(string test, int ordinal, string rule, string text, string value)
        {
            reasons.Add((ordinal >= 0 ? headers[ordinal] : "(row)", rule, text, value));
            return $"WHEN {test} THEN {reasons.Count} ";
        }
        string reason = "CASE " +
            (whitespace ? When("bad_width", -1, "wrong field count", "", "rk_text") : "") +
            When("ts IS NULL", cDate, "not a date", "is not a date in the column's format", "CAST(raw_date AS VARCHAR)") +
            (cQty >= 0 ? When("qty IS NULL OR NOT isfinite(qty)", cQty, "not a number", "is not a number", "CAST(raw_qty AS VARCHAR)") : "") +
            (cPrice >= 0 ? When("price IS NULL OR NOT isfinite(price)", cPrice, "not a number", "is not a number", "CAST(raw_price AS VARCHAR)") : "") +
            (cAmount >= 0 ? When("amount_given IS NULL OR NOT isfinite(amount_given)", cAmount, "not a number", "is not a number", "CAST(raw_amount AS VARCHAR)") : "") +
            (cAmount < 0 && cQty >= 0 && cPrice >= 0 ? When("NOT isfinite(qty * price)", cQty, "amount not finite", "× the unit price is not a finite amount", "CAST(raw_qty AS VARCHAR)") : "") +
            (cFlag >= 0 ? When("flag IS NULL", cFlag, "not a flag", "is not a yes/no return flag (true/false, yes/no, 1/0)", "CAST(raw_flag AS VARCHAR)") : "") +
            "END";
        string rawOf = "CASE " + string.Concat(reasons.Select((x, k) => $"WHEN rk_reason = {k + 1} THEN {x.Value} ")) + "END";
        string Canonical(string from) => $"SELECT line, customer, order_id, epoch_us(ts) AS us, qty, {amount} AS amount, product, pname, CAST(coalesce(flag, 0) AS TINYINT) AS flag, " +
                           $"CAST({reason} AS TINYINT) AS rk_reason FROM ({ParsedFrom(from)})";
        // Parsed once into a table, with each line's day and return rule: later queries scan DuckDB's own columns, not
        // the file and its parse expressions again. (A view over Parquet, re-read and re-trimmed by every reduction, used
        // less memory but was 1.8 times slower at 10 million lines.)
        string ret = Reductions.ReturnRule(d, cOrder >= 0 && !Whole(cOrder), o.CancellationPrefix);
        // Narrow types: past the memory limit every byte of a line is written to disk and read back by each reduction.
        string Stored(string from) => $"SELECT *, CAST({d.Day("us")} AS INTEGER) AS day, CAST(CASE WHEN {ret} THEN 1 ELSE 0 END AS TINYINT) AS ret FROM ({Canonical(from)})";
        // Lines that would not fit as plain columns are parsed a Parquet file at a time, each file's compressed (by a
        // checkpoint) before the next is read: past the limit DuckDB would write every plain line to disk and read it
        // back in each reduction. Compressed they take about a sixth.
        long parquetLines = 0;
        if (parquet) db.Query($"SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata([{string.Join(", ", files.Select(d.Literal))}])", r => parquetLines = r.Long(0));
        bool compress = parquet && parquetLines * PlainBytesPerLine > memoryBytes * 2 / 5;
        if (!compress) db.Execute($"CREATE TABLE {Parsed} AS {Stored(relation)}");
        else
        {
            for (int k = 0; k < files.Count; k++)
            {
                db.Execute(k == 0 ? $"CREATE TABLE {Parsed} AS {Stored(ParquetRelation([k]))}" : $"INSERT INTO {Parsed} {Stored(ParquetRelation([k]))}");
                db.Execute("CHECKPOINT");
            }
            notes.Add($"the {parquetLines:N0} lines would take about {parquetLines * PlainBytesPerLine / 1e9:0.0} GB as plain columns, past 40 % of DuckDB's memory limit: they were parsed file by file and kept compressed.");
        }

        long read = 0, valueRejected = 0;
        db.Query($"SELECT count(*), count(rk_reason) FROM {Parsed}", r => { read = r.Long(0); valueRejected = r.Long(1); });
        string accepted = $"(SELECT * FROM {Parsed} WHERE rk_reason IS NULL)";

        // Dates far outside the bulk (a typo year) are rejected by the loader's rule, on the same histogram of days.
        var days = new Dictionary<int, int>();
        db.Query($"SELECT day, count(*) FROM {accepted} GROUP BY 1", r => days[(int)(DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerDay + r.Long(0))] = (int)r.Long(1));
        string outlying = "";
        if (!o.KeepOutlyingDates && OutlyingDates.Fences(days) is { } fence
            && days.Keys.Any(x => x < fence.From.Ticks / TimeSpan.TicksPerDay || x >= fence.To.Ticks / TimeSpan.TicksPerDay))
        {
            long lo = (fence.From.Ticks - DateTime.UnixEpoch.Ticks) / 10, hi = (fence.To.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            outlying = FormattableString.Invariant($"(us < {lo} OR us >= {hi})");
            string why = $"is far outside the data's dates (the middle half runs {fence.Q1:yyyy-MM-dd} to {fence.Q3:yyyy-MM-dd}; kept are {fence.From:yyyy-MM-dd} to {fence.To:yyyy-MM-dd}): a typo? --keep-outlying-dates keeps it";
            db.Query($"SELECT line, us FROM {accepted} WHERE {outlying} ORDER BY line", r =>
            {
                string key = $"{headers[cDate]}: outlying date";
                counts[key] = counts.GetValueOrDefault(key) + 1;
                valueRejected++;
                if (rejections.Count < o.MaxListedRejections)
                    rejections.Add(new Rejection(r.Long(0) % FileStride, Where(FileOf(r.Long(0)), headers[cDate]), new DateTime(Reductions.Ticks(r.Long(1))).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), why));
            });
            accepted = $"(SELECT * FROM {Parsed} WHERE rk_reason IS NULL AND NOT {outlying})";
        }
        db.Query($"SELECT rk_reason, count(*) FROM {Parsed} WHERE rk_reason IS NOT NULL GROUP BY 1", r =>
        {
            var x = reasons[(int)r.Long(0) - 1];
            string key = $"{x.Column}: {x.Rule}";
            counts[key] = counts.GetValueOrDefault(key) + r.Long(1);
        });
        var listed = new List<(long Line, int Reason)>();
        db.Query($"SELECT line, rk_reason FROM {Parsed} WHERE rk_reason IS NOT NULL ORDER BY line LIMIT {o.MaxListedRejections}", r => listed.Add((r.Long(0), (int)r.Long(1))));
        if (listed.Count > 0)
        {
            // The listed rows' values, read again from the source: a second look at the file only when rows were rejected.
            var values = new Dictionary<long, (string? Value, long Width)>();
            db.Query($"SELECT line, {rawOf}, rk_width FROM (SELECT line, {reason} AS rk_reason, * EXCLUDE (line) FROM ({parsed})) WHERE line IN ({string.Join(", ", listed.Select(x => x.Line.ToString(CultureInfo.InvariantCulture)))})",
                r => values[r.Long(0)] = (r.IsNull(1) ? null : r.Text(1), r.IsNull(2) ? 0 : r.Long(2)));
            foreach (var (line, code) in listed)
            {
                var x = reasons[code - 1];
                var v = values.GetValueOrDefault(line);
                string text = x.Rule == "wrong field count" ? $"has {v.Width} field{(v.Width == 1 ? "" : "s")}; the header has {headers.Count}" : x.Text;
                rejections.Add(new Rejection(line % FileStride, Where(FileOf(line), x.Column), Echo.Value(v.Value ?? ""), text));
            }
        }
        if (!parquet) db.Execute($"DROP TABLE {Raw}");
        rejections = rejections.OrderBy(x => x.Line).Take(o.MaxListedRejections).ToList();

        // The accepted lines in the canonical columns, as one table the reductions scan.
        // The accepted lines are the parsed table's, seen through the rejections' filter: no second copy of the lines.
        db.Execute($"CREATE VIEW {Accepted} AS SELECT line, customer, order_id, us, qty, amount, product, pname, flag, day, ret FROM {accepted}");

        // Exact duplicates (every field the kit reads equal to an earlier row's), counted by a 64-bit hash of the row as the
        // loader counts them (RecordHash): two different rows sharing a hash is a chance of about n² / 2⁶⁵.
        const string dupColumns = "customer, order_id, us, qty, amount, product, pname, flag";
        long duplicates = 0;
        db.Query($"SELECT count(*) - count(DISTINCT hash({dupColumns})) FROM {Accepted}", r => duplicates = r.Long(0));
        if (o.DropDuplicates && duplicates > 0)
        {
            db.Execute($"CREATE TEMP TABLE rk_duplicates AS SELECT line, first_line FROM (SELECT line, min(line) OVER (PARTITION BY {dupColumns}) AS first_line FROM {Accepted}) WHERE line <> first_line");
            db.Query($"SELECT line, first_line FROM rk_duplicates ORDER BY line LIMIT {o.MaxListedRejections}", r =>
            {
                if (rejections.Count < o.MaxListedRejections) rejections.Add(new Rejection(r.Long(0) % FileStride, "(row)", "", $"duplicates line {r.Long(1) % FileStride}"));
            });
            db.Query("SELECT count(*) FROM rk_duplicates", r => { duplicates = r.Long(0); counts["(row): exact duplicate (dropped)"] = duplicates; });
            valueRejected += duplicates;
            db.Execute($"DELETE FROM {Parsed} WHERE line IN (SELECT line FROM rk_duplicates)");
            rejections = rejections.OrderBy(x => x.Line).Take(o.MaxListedRejections).ToList();
        }
        string lines = Accepted;

        var warnings = new List<string>(notes);
        warnings.AddRange(dateNotes);
        if (cAmount < 0 && !(cQty >= 0 && cPrice >= 0)) warnings.Add("no amount column, and not both quantity and unit price: revenue metrics will be undefined.");
        if (!parquet) warnings.Add("DuckDB numbers text rows by record: a quoted field with line breaks, or blank lines, shift the line numbers of the rows after it.");
        var report = Reductions.SourceReport(name, read + parserRejected, valueRejected + parserRejected, rejections, counts, duplicates, o.DropDuplicates,
            opened.Delimiter, folder ? $"Parquet folder ({files.Count:N0} files), read by DuckDB" : opened.Format + ", read by DuckDB", opened.Encoding,
            culture.Name.Length == 0 ? "invariant" : culture.Name,
            ColumnDetection.Mapping(map, headers), warnings);
        return new LineSource(lines + " AS l", cOrder >= 0, cQty >= 0, cPrice >= 0, cAmount >= 0, cProduct >= 0, report)
        {
            Derived = true, OrderIdsAreText = cOrder >= 0 && !Whole(cOrder), ProductsAreText = cProduct >= 0 && !Whole(cProduct), CustomersAreText = !Whole(cCust),
        };
    }

    private static string Where(string? file, string column) => file is null ? column : $"{Path.GetFileName(file)}: {column}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>A .NET date format (yyyyMMdd, dd/MM/yyyy HH:mm) as strptime's.</summary>
    internal static string StrptimeFormat(string net)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < net.Length;)
        {
            int j = i;
            while (j < net.Length && net[j] == net[i]) j++;
            int n = j - i;
            sb.Append(net[i] switch
            {
                'y' => n >= 4 ? "%Y" : "%y",
                'M' => "%m",
                'd' => "%d",
                'H' => "%H",
                'h' => "%I",
                'm' => "%M",
                's' => "%S",
                'f' => "%f",
                't' => "%p",
                _ => new string(net[i], n).Replace("%", "%%"),
            });
            i = j;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The formats a text date column is read in: ISO forms, and day/month forms in the order the column proves (a first
    /// number above 12 is a day; a second above 12 makes it month-first); a column that proves both is an error, and one
    /// that proves neither is read in the culture's order with a note, as the loader does.
    /// </summary>
    private static List<string> DateFormats(AdoRunner db, string relation, bool whitespace, string text, CultureInfo culture, List<string> notes, string source, string column)
    {
        long first = 0, second = 0, numeric = 0;
        string from = whitespace ? $"(SELECT string_split_regex(trim(rk_text), '\\s+') AS rk_fields FROM {relation})" : relation;
        db.Query($"SELECT max(TRY_CAST(regexp_extract({text}, '^([0-9]{{1,2}})[/.-]([0-9]{{1,2}})[/.-][0-9]{{2,4}}', 1) AS INTEGER)), " +
                 $"max(TRY_CAST(regexp_extract({text}, '^([0-9]{{1,2}})[/.-]([0-9]{{1,2}})[/.-][0-9]{{2,4}}', 2) AS INTEGER)), " +
                 $"count(*) FILTER (WHERE regexp_full_match({text}, '[0-9]{{8}}')) FROM {from}", r => { first = r.Long(0); second = r.Long(1); numeric = r.Long(2); });
        bool dayFirst;
        if (first > 12 && second > 12) throw new TransactionLoadException(source, $"column {column} has dates whose first number is above 12 and dates whose second is: it mixes day-first and month-first dates.");
        if (first > 12) { dayFirst = true; notes.Add($"column {column}: dates read day-first: a first number above 12 can only be a day."); }
        else if (second > 12) { dayFirst = false; notes.Add($"column {column}: dates read month-first: a second number above 12 can only be a day."); }
        else
        {
            var p = culture.DateTimeFormat.ShortDatePattern;
            dayFirst = p.IndexOf('d') >= 0 && p.IndexOf('d') < p.IndexOf('M');
            if (first > 0) notes.Add($"column {column}: no date proves its order (every day is 12 or less); read {(dayFirst ? "day-first" : "month-first")} as the culture writes dates. Give --date-format to be sure.");
        }
        var formats = new List<string> { "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%SZ" };
        string dm = dayFirst ? "%d{0}%m{0}%Y" : "%m{0}%d{0}%Y";
        foreach (var sep in new[] { "/", ".", "-" })
        {
            var date = string.Format(CultureInfo.InvariantCulture, dm, sep);
            formats.AddRange([date + " %H:%M:%S", date + " %H:%M", date]);
        }
        if (numeric > 0) formats.Add("%Y%m%d");
        return formats;
    }
}
