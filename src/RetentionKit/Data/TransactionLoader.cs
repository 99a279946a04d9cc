using System.Globalization;

namespace RetentionKit.Data;

/// <summary>
/// Loads transaction files (CSV, gzip CSV, CDNOW's whitespace files) into <see cref="Transactions"/>
/// with a <see cref="LoadReport"/>. Bad rows are rejected with their line, column, value and reason;
/// nothing is dropped silently, so <c>RowsRead == RowsAccepted + RowsRejected</c>.
/// </summary>
public static class TransactionLoader
{
    private static readonly string[] CdnowMaster = ["customer_id", "date", "number_of_cds", "dollar_value"];
    private static readonly string[] CdnowSample = ["master_id", "sample_id", "date", "number_of_cds", "dollar_value"];

    /// <summary>Loads a file; gzip is detected from its content.</summary>
    /// <exception cref="TransactionLoadException">The file cannot be used, or (strict mode) a row is bad.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static LoadResult Load(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new FileNotFoundException("No transaction file given: the file name is empty.", path);
        if (Directory.Exists(path)) throw new FileNotFoundException($"'{Echo.Value(path)}' is a folder; give a transaction file.", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No transaction file at '{Echo.Value(path)}'.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(stream, Path.GetFileName(path), options);
    }

    /// <summary>Loads from a stream (plain or gzip text); <paramref name="sourceName"/> names it in messages.</summary>
    public static LoadResult Load(Stream stream, string sourceName, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new LoadOptions();
        options.Validate();
        var opened = RecordInput.Open(stream, sourceName, ChoiceFor(options));
        using (var src = opened.Records)
        {
            options = WithPreset(options, src.Headers);
            var result = new Run(sourceName, options, src, opened.Delimiter, opened.EstimatedRows).Execute();
            return result with { Report = result.Report with { Encoding = opened.Encoding, Format = opened.Format, Warnings = [.. opened.Notes, .. result.Report.Warnings] } };
        }
    }

    /// <summary>How the file is opened under these options (CDNOW's whitespace text for its preset).</summary>
    internal static SourceChoice ChoiceFor(LoadOptions options) => new(options.Encoding, options.Delimiter, options.Sheet, options.HeaderRow)
    {
        WhitespaceHeaders = options.Preset == LoadPreset.Cdnow ? CdnowHeaders : null,
    };

    /// <summary>The options a preset implies once the headers are known.</summary>
    internal static LoadOptions WithPreset(LoadOptions options, IReadOnlyList<string> headers) => options.Preset != LoadPreset.Cdnow ? options : options with
    {
        CustomerColumn = options.CustomerColumn ?? headers[0],
        DateFormats = options.DateFormats ?? ["yyyyMMdd"],
    };

    /// <summary>CDNOW files come with or without a header; the first line is data when its date field is eight digits.</summary>
    private static string[]? CdnowHeaders(string head)
    {
        var first = head.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var f = first.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        static bool IsDate(string s) => s.Length == 8 && s.All(char.IsAsciiDigit);
        if (f.Length == 4 && IsDate(f[1])) return CdnowMaster;
        if (f.Length == 5 && IsDate(f[2])) return CdnowSample;
        return null; // a header line: read it
    }

    private sealed class Run
    {
        private readonly string _source;
        private readonly LoadOptions _o;
        private readonly IRecordSource _src;
        private readonly char _delimiter;
        private readonly NumberReader _numbers;
        private readonly AmbiguityTally _ambiguity;
        private readonly HashSet<string> _missing;
        private const int LongRecordLines = 20;
        private readonly DateReader _dates;
        private readonly List<Rejection> _listed = new();
        private readonly Dictionary<string, long> _counts = new();
        private readonly List<string> _warnings = new();
        private long _read, _rejected, _duplicates, _serialDates;

        private readonly int _estimatedRows;
        private readonly bool _typedCells;

        public Run(string source, LoadOptions o, IRecordSource src, char delimiter, int estimatedRows)
        {
            _source = source; _o = o; _src = src; _delimiter = delimiter; _estimatedRows = estimatedRows;
            _numbers = new NumberReader(o.Culture);
            _ambiguity = new AmbiguityTally(o.Culture, o.DateFormats is not null);
            _missing = new HashSet<string>(o.MissingMarkers, StringComparer.OrdinalIgnoreCase);
            _dates = new DateReader(o.Culture, o.DateFormats);
            _typedCells = src.HasTypedCells;
        }

        // Called once a file, with a loop over every line: tiered compilation would leave it at its first tier (called
        // once, a method never gets the calls that promote it), so it is compiled optimized from the start.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public LoadResult Execute()
        {
            var headers = _src.Headers;
            if (headers.Count == 0) throw TransactionLoadException.Empty(_source);
            CheckDuplicateHeaders(headers);
            var map = ColumnDetection.Map(_source, headers, _o);
            int cCust = map[Field.Customer], cOrder = map[Field.Order], cDate = map[Field.Date], cQty = map[Field.Quantity],
                cPrice = map[Field.Price], cAmount = map[Field.Amount], cProduct = map[Field.Product], cFlag = map[Field.ReturnFlag],
                cName = map[Field.Description];
            bool hasMoney = cAmount >= 0 || (cQty >= 0 && cPrice >= 0);
            if (!hasMoney)
                _warnings.Add("no amount column, and not both quantity and unit price: revenue metrics will be undefined.");
            var extraOrdinals = _o.KeepExtraColumns
                ? Enumerable.Range(0, headers.Count).Where(i => !map.ContainsValue(i)).ToArray() : [];
            var extra = extraOrdinals.Select(_ => new List<string>()).ToArray();
            var builder = new TransactionsBuilder(_o.CancellationPrefix, cOrder >= 0, cQty >= 0, cPrice >= 0, cAmount >= 0, cProduct >= 0, Math.Max(1 << 14, _estimatedRows));
            // Text read ahead on a second thread is also parsed there, for the rows that take every fast path.
            var readAhead = _src as ReadAheadRecordSource;
            bool prepared = readAhead is not null && !_typedCells;
            // Dropping needs the answer before the row is kept; a count needs only the hashes, sorted at the end.
            var seen = _o.DropDuplicates ? new RecordHashSet(_estimatedRows) : null;
            var counter = seen is null ? new DuplicateCounter(_estimatedRows) : null;
            var rowLines = new List<int>(Math.Max(16, _estimatedRows));
            var days = new Dictionary<int, int>();
            int runDay = 0, runLength = 0;
            DateTime first = DateTime.MaxValue, last = DateTime.MinValue;
            double net = 0;
            long withoutCustomer = 0, returns = 0;
            int width = headers.Count;

            if (prepared) readAhead!.PrepareWith(new RowPreparer(width, cDate, cQty, cPrice, cAmount, cFlag, cCust, cOrder, cProduct, _o));

            long previousLine = 0, longRecords = 0;
            while (_src.Read())
            {
                _read++;
                long line = _src.Line;
                // A record that spans many physical lines is a quoted field with line breaks, or a quote left open
                // that swallowed the lines after it: say where, since those rows are not rejected, just fewer.
                if (previousLine > 0 && line - previousLine > LongRecordLines && ++longRecords <= 3)
                    _warnings.Add($"lines {previousLine:N0}–{line - 1:N0} are one record ({line - previousLine:N0} lines): a quoted field holds line breaks, or a quote is not closed; check line {previousLine:N0}.");
                previousLine = line;
                if (_src.FieldCount != width)
                {
                    Reject(line, "(row)", Truncate(_src.Raw), $"has {_src.FieldCount} field{(_src.FieldCount == 1 ? "" : "s")}; the header has {width}", "wrong field count");
                    continue;
                }
                DateTime ts;
                double qty = double.NaN, price = double.NaN, amount = double.NaN;
                bool flag = false;
                ref readonly var ready = ref prepared ? ref readAhead!.Prepared : ref PreparedRow.None;
                if (ready.Ok)
                {
                    // Read on the second thread (RowPreparer): an accepted row, with its ambiguity kinds to tally.
                    (ts, qty, price, amount) = (ready.Time, ready.Quantity, ready.UnitPrice, ready.Amount);
                    if (ready.DatePending && !TextDate(line, cDate, headers, in ready, out ts)) continue;
                    if (ready.QuantityKind != 0) _ambiguity.Number(cQty, ready.QuantityKind, _src.Field(cQty));
                    if (ready.UnitPriceKind != 0) _ambiguity.Number(cPrice, ready.UnitPriceKind, _src.Field(cPrice));
                    if (ready.AmountKind != 0) _ambiguity.Number(cAmount, ready.AmountKind, _src.Field(cAmount));
                }
                else
                {
                    string? why;
                    var typedDate = _typedCells ? _src.Typed(cDate) : null;
                    if (typedDate is not null && TypedCells.TryDate(typedDate, _src.SerialDates, out ts, out why) is { } typedOk)
                    {
                        if (!typedOk) { Reject(line, headers[cDate], _src.Field(cDate), why!); continue; }
                        if (TypedCells.IsSerial(typedDate)) _serialDates++;
                    }
                    else if (!TextDate(line, cDate, headers, in PreparedRow.None, out ts)) continue; // the row is read in full
                    if (cQty >= 0 && !Number(line, cQty, headers, out qty)) continue;
                    if (cPrice >= 0 && !Number(line, cPrice, headers, out price)) continue;
                    if (cAmount >= 0 && !Number(line, cAmount, headers, out amount)) continue;
                    if (cAmount < 0) amount = qty * price;
                    if (cAmount < 0 && cQty >= 0 && cPrice >= 0 && !double.IsFinite(amount))
                    { Reject(line, headers[cQty], _src.Field(cQty), $"× the unit price {Echo.Value(_src.Field(cPrice))} is not a finite amount (too large to compute)", "amount not finite"); continue; }
                    if (cFlag >= 0 && !FlagReader.TryParse(_src.Field(cFlag), out flag))
                    { Reject(line, headers[cFlag], _src.Field(cFlag), "is not a yes/no return flag (true/false, yes/no, 1/0)"); continue; }
                }

                if (seen is not null)
                {
                    long firstLine = seen.AddOrGetFirstLine(_src.RawHash, line);
                    if (firstLine != 0)
                    {
                        _duplicates++;
                        Reject(line, "(row)", Truncate(_src.Raw), $"duplicates line {firstLine}", "exact duplicate (dropped)");
                        continue;
                    }
                }
                else counter!.Add(_src.RawHash);

                var order = cOrder >= 0 ? Cell.Trim(_src.Field(cOrder)) : default;
                var customer = Cell.Trim(_src.Field(cCust));
                long customerNumber = ready.Ok ? ready.Customer : StringPool.WholeNumber(customer);
                if (!customer.IsEmpty && customer.Length <= 4 && _missing.Contains(customer.ToString())) customer = default;
                if (_o.NormalizeNumericIds && NumericIds.Normalize(customer) is { } normal) { customer = normal; customerNumber = StringPool.WholeNumber(customer); }
                var product = cProduct >= 0 ? Cell.Trim(_src.Field(cProduct)) : default;
                bool isReturn = ready.Ok ? ready.IsReturn : flag || ReturnRule.IsReturn(qty, amount, order, _o.CancellationPrefix);
                builder.Add(customer, customerNumber, order, ready.Ok ? ready.Order : StringPool.WholeNumber(order), ts, qty, price, amount,
                    product, ready.Ok ? ready.Product : StringPool.WholeNumber(product), isReturn);
                if (cName >= 0 && cProduct >= 0) builder.NameLastProduct(Cell.Trim(_src.Field(cName)));
                for (int k = 0; k < extraOrdinals.Length; k++) extra[k].Add(_src.Field(extraOrdinals[k]).ToString());
                if (customer.IsEmpty) withoutCustomer++;
                if (isReturn) returns++;
                if (ts < first) first = ts;
                if (ts > last) last = ts;
                net += amount;
                rowLines.Add((int)Math.Min(line, int.MaxValue));
                int day = (int)(ts.Ticks / TimeSpan.TicksPerDay);
                // Lines of one order share a day: count runs, and touch the histogram once per run.
                if (day == runDay) runLength++;
                else { if (runLength > 0) days[runDay] = days.GetValueOrDefault(runDay) + runLength; (runDay, runLength) = (day, 1); }
            }
            if (runLength > 0) days[runDay] = days.GetValueOrDefault(runDay) + runLength;
            // The histogram tells whether any day lies outside the fences; only then are the lines scanned.
            if (!_o.KeepOutlyingDates && OutlyingDates.Fences(days) is { } fence
                && days.Keys.Any(d => d < fence.From.Ticks / TimeSpan.TicksPerDay || d >= fence.To.Ticks / TimeSpan.TicksPerDay))
            {
                // A typo year (0201, 2099) would stretch every period grid over centuries: such lines are rejected by
                // a stated rule, each with its line, and the totals are taken again without them.
                var drop = new bool[builder.Count];
                for (int row = 0; row < builder.Count; row++)
                {
                    var t = builder.TimeAt(row);
                    if (t >= fence.From && t < fence.To) continue;
                    drop[row] = true;
                    Reject(rowLines[row], headers[cDate], t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                        $"is far outside the data's dates (the middle half runs {fence.Q1:yyyy-MM-dd} to {fence.Q3:yyyy-MM-dd}; kept are {fence.From:yyyy-MM-dd} to {fence.To:yyyy-MM-dd}): a typo? --keep-outlying-dates keeps it", "outlying date");
                }
                builder.RemoveRows(row => drop[row]);
                for (int k = 0; k < extra.Length; k++) extra[k] = extra[k].Where((_, row) => !drop[row]).ToList();
                (first, last, net, withoutCustomer, returns) = builder.Totals();
            }

            if (longRecords > 3) _warnings.Add($"{longRecords - 3:N0} more records span more than {LongRecordLines} lines each.");
            var table = builder.Build(extraOrdinals.Select((o, k) => (headers[o], extra[k].ToArray())).ToDictionary(p => p.Item1, p => p.Item2), _o.LineRules);
            // The file is read, so the read-ahead core is free: the lines are classified there while this one counts
            // duplicates, orders and customers (the report's line kinds wait for it through the table's Lazy).
            _ = Task.Run(() => table.Lines);
            if (counter is not null) _duplicates = counter.Count();
            try { _dates.Finish(headers[cDate]); }
            catch (FormatException e) { throw new TransactionLoadException(_source, e.Message); }
            if (_dates.OrderNote is { } dayMonth) _warnings.Add($"column {headers[cDate]}: {dayMonth}.");
            if (_serialDates > 0) _warnings.Add(TypedCells.SerialNote(_serialDates, $"column {headers[cDate]}"));
            _warnings.AddRange(_ambiguity.Warnings(headers));
            if (!_o.NormalizeNumericIds && NumericIds.Collisions(table.CustomerIds) is { } collisions) _warnings.Add(collisions);
            if (table.Count == 0 && _read == 0) _warnings.Add("the file has a header but no data rows.");
            var orders = CountOrders(table);
            var report = new LoadReport
            {
                Source = _source,
                RowsRead = _read,
                RowsAccepted = table.Count,
                RowsRejected = _rejected,
                RowsWithoutCustomer = withoutCustomer,
                DuplicateRows = _duplicates,
                DuplicatesDropped = _o.DropDuplicates,
                Customers = CountCustomers(table),
                Orders = orders.Purchase,
                ReturnInvoices = orders.Returns,
                InvoicesWithoutCustomer = orders.WithoutCustomer,
                Lines = table.Lines.Counts,
                ReturnRows = returns,
                FirstTimestamp = table.Count > 0 ? first : null,
                LastTimestamp = table.Count > 0 ? last : null,
                NetRevenue = hasMoney ? net : double.NaN,
                Rejections = _listed,
                RejectionCounts = _counts,
                BlankLines = _src.BlankLines,
                Delimiter = _delimiter,
                Culture = _o.Culture.Name.Length == 0 ? "invariant" : _o.Culture.Name,
                ColumnMapping = ColumnDetection.Mapping(map, headers),
                Warnings = _warnings,
            };
            return new LoadResult(table, report);
        }

        // A date cell's text, read in full, or (DatePending) as the d/m/y numbers the read-ahead thread read, whose
        // day/month order is settled here in line order all the same; false when the line was rejected for it.
        private bool TextDate(long line, int column, IReadOnlyList<string> headers, in PreparedRow ready, out DateTime ts)
        {
            var cell = _src.Field(column);
            bool dated;
            string? why;
            try
            {
                dated = ready.DatePending
                    ? _dates.TryPrepared(Cell.Trim(cell), ready.DateA, ready.DateB, ready.DateYear, ready.TimeTicks, out ts, out why)
                    : _dates.TryParse(cell, out ts, out why);
            }
            catch (FormatException e) when (e is not TransactionLoadException) { throw new TransactionLoadException(_source, e.Message, line, headers[column]); }
            if (!dated) { Reject(line, headers[column], cell, why!); return false; }
            _ambiguity.Date(column, cell);
            return true;
        }

        private bool Number(long line, int column, IReadOnlyList<string> headers, out double value)
        {
            var raw = _src.Field(column);
            if (_src.Typed(column) is { } typed)
            {
                if (TypedCells.TryNumber(typed, out value, out var typedWhy)) return true;
                Reject(line, headers[column], raw, typedWhy!);
                return false;
            }
            if (_numbers.TryParse(raw, out value, out var why)) { _ambiguity.Number(column, raw); return true; }
            Reject(line, headers[column], raw, why!);
            return false;
        }

        private void Reject(long line, string column, ReadOnlySpan<char> value, string reason, string? rule = null)
        {
            if (_o.Strict) throw new TransactionLoadException(_source, $"'{Echo.Value(value)}' {reason}.", line, Echo.Value(column));
            _rejected++;
            string key = $"{column}: {rule ?? reason}";
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            if (_listed.Count < _o.MaxListedRejections) _listed.Add(new Rejection(line, Echo.Value(column), Echo.Value(value), reason));
        }

        private static ReadOnlySpan<char> Truncate(ReadOnlySpan<char> raw) => raw.Length > 200 ? raw[..200] : raw;

        private void CheckDuplicateHeaders(IReadOnlyList<string> headers)
        {
            var at = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < headers.Count; i++)
            {
                var h = headers[i].Trim();
                if (h.Length == 0) continue;
                if (at.TryGetValue(h, out int j)) throw TransactionLoadException.DuplicateHeader(_source, h, j, i);
                at[h] = i;
            }
        }

        // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static int CountCustomers(Transactions t)
        {
            // Codes are dense, but a customer whose only lines were dropped after parsing (outlying dates) has one.
            var seen = new bool[t.CustomerIds.Count];
            int n = 0;
            foreach (int c in t.CustomerCodes) if (c >= 0 && !seen[c]) { seen[c] = true; n++; }
            return n;
        }

        /// <summary>
        /// The spec's orders: distinct (customer, order id) of identified customers' purchase lines, or (customer, day)
        /// without order ids; beside them the invoices holding identified customers' return lines, and the invoices
        /// (or days) of lines without a customer.
        /// </summary>
        // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        internal static (long Purchase, long Returns, long WithoutCustomer) CountOrders(Transactions t)
        {
            var cust = t.CustomerCodes;
            var order = t.OrderCodes;
            var time = t.Timestamps;
            var ret = t.IsReturn;
            var returns = new HashSet<long>();
            var anonymous = new HashSet<long>();
            long purchases = 0;
            // Nearly every order id belongs to one customer: remember its first buyer densely, and hash only the
            // pairs where an id is shared. Return and customer-less lines are few and go to hash sets.
            var owner = t.HasOrderIds ? new int[t.OrderIds.Count + 1] : [];
            var shared = new HashSet<long>();
            long lastDayKey = long.MinValue;
            var dayKeys = t.HasOrderIds ? null : new HashSet<long>();
            for (int i = 0; i < t.Count; i++)
            {
                long unit = t.HasOrderIds ? order[i] : time[i].Ticks / TimeSpan.TicksPerDay;
                if (cust[i] < 0) { anonymous.Add(unit); continue; }
                long key = ((long)cust[i] << 32) | (uint)unit;
                if (ret[i]) { returns.Add(key); continue; }
                if (dayKeys is not null) { if (key != lastDayKey && dayKeys.Add(lastDayKey = key)) purchases++; continue; }
                int o = order[i] + 1, c = cust[i] + 1;
                if (owner[o] == 0) { owner[o] = c; purchases++; }
                else if (owner[o] != c && shared.Add(key)) purchases++;
            }
            return (purchases, returns.Count, anonymous.Count);
        }
    }
}
