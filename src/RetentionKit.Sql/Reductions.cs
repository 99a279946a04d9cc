using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Returns;

namespace RetentionKit.Sql;

/// <summary>What the source of the lines knows before the reductions run: its columns and how its rows were read.</summary>
/// <param name="Lines">The canonical lines as a table name or a parenthesised subquery with an alias, columns: line
/// (a unique whole number in file order), customer, order_id, us (microseconds since 1970, UTC), qty, amount, product,
/// pname, flag (1 when a return flag says so). NULL where a line has no value.</param>
/// <param name="HasOrderIds">Whether there is an order id column.</param>
/// <param name="HasQuantity">Whether there is a quantity column.</param>
/// <param name="HasUnitPrice">Whether there is a unit price column.</param>
/// <param name="HasAmount">Whether there is an amount column.</param>
/// <param name="HasProducts">Whether there is a product column.</param>
/// <param name="Report">The load report as far as the source could fill it (rows read, rejected, rejections, format, mapping).</param>
internal sealed record LineSource(string Lines, bool HasOrderIds, bool HasQuantity, bool HasUnitPrice, bool HasAmount, bool HasProducts, LoadReport Report)
{
    /// <summary>Whether the lines also carry day (days since 1970) and ret (1 for a return by <see cref="Reductions.ReturnRule"/>), computed once.</summary>
    public bool Derived { get; init; }
    /// <summary>Whether order ids are text (else whole numbers, which cannot be cancellation invoices).</summary>
    public bool OrderIdsAreText { get; init; } = true;
    /// <summary>Whether product codes are text (else whole numbers).</summary>
    public bool ProductsAreText { get; init; } = true;
    /// <summary>Whether customer ids are text (else whole numbers, looked up by value in the millions of order rows).</summary>
    public bool CustomersAreText { get; init; } = true;

    public bool HasMoney => HasAmount || (HasQuantity && HasUnitPrice);
}

/// <summary>
/// The kit's reductions of transaction lines as SQL, one text for every engine (the dialect fills in time, text, joins
/// and IN): orders per customer, returns per customer and day, sales and returns per product and day, line kinds, and
/// the load report's counts. Only the cancellation rule's last step (each return takes the latest sale before it) runs
/// here in C#, on the candidate lines the engine finds, by the same code as in memory.
/// </summary>
internal static class Reductions
{
    private const string Cancelled = "rk_cancelled", NonProduct = "rk_nonproduct";

    public static ReducedTransactions Run(ISqlRunner db, LineSource src, LoadOptions o) => Collect(db, src, o)();

    /// <summary>
    /// Runs the reductions and returns what builds the kit's tables from their results: an embedded engine can be closed
    /// in between, so its buffers (gigabytes past a few tens of millions of lines) are not held beside the orders' arrays.
    /// </summary>
    internal static Func<ReducedTransactions> Collect(ISqlRunner db, LineSource src, LoadOptions o)
    {
        var d = db.Dialect;
        var rules = o.LineRules;
        string L = src.Lines;
        string Day() => src.Derived ? "day" : d.Day("us");
        string Size = "(CASE WHEN qty IS NULL THEN abs(amount) ELSE abs(qty) END)";
        bool textIds = src.HasOrderIds && src.OrderIdsAreText;
        string CancelInvoice = CancellationInvoice(d, textIds, o.CancellationPrefix);
        string IsReturn = src.Derived ? "(ret = 1)" : ReturnRule(d, textIds, o.CancellationPrefix);

        // Products: first-seen order, and each one's name (a sale's first name before a return's) for the non-product rule and labels.
        var products = new Dictionary<string, (long First, long NameLine, string? Name, bool FromSale)>();
        if (src.HasProducts)
            db.Query($"SELECT product, pname, CASE WHEN {IsReturn} THEN 0 ELSE 1 END AS sale, min(line) FROM {L} WHERE product IS NOT NULL GROUP BY product, pname, sale", r =>
            {
                string code = r.Text(0)!; string? name = r.Text(1); bool sale = r.Long(2) == 1; long line = r.Long(3);
                var p = products.TryGetValue(code, out var had) ? had : (long.MaxValue, long.MaxValue, null, false);
                if (line < p.First) p.First = line;
                if (!string.IsNullOrEmpty(name) && (p.Name is null || (sale && !p.FromSale) || (sale == p.FromSale && line < p.NameLine)))
                    p = (p.First, line, name, sale);
                products[code] = p;
            });
        var productIds = products.OrderBy(p => p.Value.First).Select(p => p.Key).ToList();
        var productNames = productIds.Select(p => products[p].Name).ToList();
        var productCode = productIds.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        var nonProduct = LineClasses.NonProductProducts(productIds, productNames, rules);
        var nonProductCodes = productIds.Where((_, i) => nonProduct[i]).ToList();
        string IsNonProduct = nonProductCodes.Count == 0 ? "(1 = 0)" : $"(product IS NOT NULL AND product {d.In} (SELECT {(src.ProductsAreText ? "code" : "line")} FROM {NonProduct}))";
        if (nonProductCodes.Count > 0 && src.ProductsAreText) db.UploadCodes(NonProduct, nonProductCodes);
        else if (nonProductCodes.Count > 0) db.UploadLines(NonProduct, nonProductCodes.Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToList());
        string StockAdjustment = rules.CustomerlessReturnsAreStockAdjustments ? $"(customer IS NULL AND NOT {CancelInvoice})" : "(1 = 0)";
        string ProductReturnBase = $"({IsReturn} AND NOT {IsNonProduct} AND NOT {StockAdjustment})";
        string SaleBase = $"(NOT {IsReturn} AND NOT {IsNonProduct})";

        // Cancellations: the engine finds each identified return's candidate sales (same customer, product and size,
        // within the window before it); the greedy match runs on those few lines.
        var cancelled = new List<long>();
        if (rules.CancellationWindow > TimeSpan.Zero && src.HasProducts)
        {
            long window = rules.CancellationWindow.Ticks / 10;
            var returns = new List<((string, string, double) Key, long Ticks, long Line)>();
            var sales = new List<((string, string, double) Key, long Ticks, long Line)>();
            string candidates = $"customer IS NOT NULL AND product IS NOT NULL";
            db.Query($"SELECT line, customer, product, {Size} AS size, us FROM {L} WHERE {candidates} AND {ProductReturnBase}",
                r => returns.Add(((r.Text(1)!, r.Text(2)!, r.Double(3)), Ticks(r.Long(4)), r.Long(0))));
            if (returns.Count > 0)
                db.Query($"SELECT line, customer, product, size, us FROM (SELECT line, customer, product, {Size} AS size, us FROM {L} WHERE {candidates} AND {SaleBase}) s " +
                         $"{d.Join} (SELECT customer, product, {Size} AS size, min(us) AS lo, max(us) AS hi FROM {L} WHERE {candidates} AND {ProductReturnBase} GROUP BY customer, product, size) k " +
                         $"USING (customer, product, size) WHERE us >= lo - {window} AND us <= hi",
                    r => sales.Add(((r.Text(1)!, r.Text(2)!, r.Double(3)), Ticks(r.Long(4)), r.Long(0))));
            foreach (var (s, r) in LineClasses.MatchCancellations(sales, returns, rules.CancellationWindow))
            { cancelled.Add(sales[s].Line); cancelled.Add(returns[r].Line); }
        }
        string IsCancelled = cancelled.Count == 0 ? "(1 = 0)" : $"(line {d.In} (SELECT line FROM {Cancelled}))";
        if (cancelled.Count > 0) db.UploadLines(Cancelled, cancelled);
        // The cancelled test once per line, in a projection, where the engine aggregates the projection where it runs it
        // (a ClickHouse Distributed table would aggregate a subquery on one server: there the test stays inline). Each
        // IN in an expression is a join of its own, so a query that tests it four times would join four times.
        bool project = d.ProjectsOnce && cancelled.Count > 0;
        string Cx = project ? "(cx = 1)" : IsCancelled;
        string Lc = project ? $"(SELECT *, CASE WHEN {IsCancelled} THEN 1 ELSE 0 END AS cx FROM {L}) lc" : L;
        string Kind = $"(CASE WHEN {IsNonProduct} THEN {(int)LineKind.NonProduct} WHEN NOT {IsReturn} THEN (CASE WHEN {Cx} THEN {(int)LineKind.CancelledSale} ELSE {(int)LineKind.Sale} END) " +
                      $"WHEN {StockAdjustment} THEN {(int)LineKind.StockAdjustment} WHEN {Cx} THEN {(int)LineKind.Cancellation} ELSE {(int)LineKind.ProductReturn} END)";

        // Customers in first-seen order (codes as in memory), those with only returns included.
        var customerIds = new List<(string Id, long First)>();
        db.Query($"SELECT customer, min(line) FROM {L} WHERE customer IS NOT NULL GROUP BY customer", r => customerIds.Add((r.Text(0)!, r.Long(1))));
        customerIds.Sort((a, b) => a.First.CompareTo(b.First));
        var ids = customerIds.Select(c => c.Id).ToList();
        var byText = src.CustomersAreText ? new Dictionary<string, int>(ids.Count, StringComparer.Ordinal) : null;
        var byNumber = src.CustomersAreText ? null : new Dictionary<long, int>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
            if (byText is not null) byText[ids[i]] = i;
            else byNumber![long.Parse(ids[i], CultureInfo.InvariantCulture)] = i;
        int CodeOf(ISqlRow r) => byNumber is null ? byText![r.Text(0)!] : byNumber[r.Long(0)];

        // Orders: a customer's purchase lines by order id (or by day without one); cancelled sales leave their order,
        // and an order of nothing but cancelled sales is no order. The load report counts orders before that, by order
        // id alone, as the loader does.
        // Lines without an order id are keyed by their day: as text beside text ids, as −1 − day beside whole-number ids.
        // When every line has its order id (the usual case), the key is the id itself: no CASE per line.
        long idless = src.HasOrderIds ? Count(db, $"SELECT count(*) - count(order_id) FROM {L}") : 0;
        string OrderKey = !src.HasOrderIds ? Day() : idless == 0 ? "order_id"
            : src.OrderIdsAreText ? $"(CASE WHEN order_id IS NULL THEN {d.Text(Day())} ELSE order_id END)" : $"(CASE WHEN order_id IS NULL THEN -1 - {Day()} ELSE order_id END)";
        string Idless = !src.HasOrderIds ? "1" : idless == 0 ? "0" : "(CASE WHEN order_id IS NULL THEN 1 ELSE 0 END)";
        var orders = new ChunkedList<(int, long, double, double, long)>();
        var reportOrders = new HashSet<int>();
        long reportOrderCount = 0;
        db.Query($"SELECT customer, {Idless} AS idless, sum(CASE WHEN {Cx} THEN 0 ELSE 1 END) AS kept, " +
                 $"min(CASE WHEN {Cx} THEN NULL ELSE us END), sum(CASE WHEN {Cx} THEN NULL ELSE amount END), " +
                 $"sum(CASE WHEN {Cx} THEN 0 ELSE coalesce(qty, 0) END), min(CASE WHEN {Cx} THEN NULL ELSE line END), {OrderKey} AS okey " +
                 $"FROM {Lc} WHERE customer IS NOT NULL AND NOT {IsReturn} GROUP BY customer, idless, okey", r =>
            {
                int c = CodeOf(r);
                // Without order ids every day is an order; with them, lines without one count once per customer.
                if (!src.HasOrderIds || r.Long(1) == 0 || reportOrders.Add(c)) reportOrderCount++;
                if (r.Long(2) == 0) return;
                orders.Add((c, Ticks(r.Long(3)), src.HasMoney ? r.Double(4) : double.NaN, r.Double(5), r.Long(6)));
            });
        var returnDays = new List<(int, int, double)>();
        db.Query($"SELECT customer, {Day()} AS day, sum(amount) FROM {Lc} WHERE customer IS NOT NULL AND {IsReturn} AND NOT {Cx} GROUP BY customer, day",
            r => returnDays.Add((CodeOf(r), DayNumber(r.Long(1)), src.HasMoney ? r.Double(2) : double.NaN)));

        // Sales and product returns per product and day.
        var productRows = new List<(int, int, double, double, double, double)>();
        string Sale = $"({SaleBase} AND NOT {Cx})", ProductReturn = $"({ProductReturnBase} AND NOT {Cx})";
        db.Query($"SELECT product, {Day()} AS day, sum(CASE WHEN {Sale} THEN coalesce(abs(qty), 0) ELSE 0 END), sum(CASE WHEN {Sale} THEN coalesce(abs(amount), 0) ELSE 0 END), " +
                 $"sum(CASE WHEN {Sale} THEN 0 ELSE coalesce(abs(qty), 0) END), sum(CASE WHEN {Sale} THEN 0 ELSE coalesce(abs(amount), 0) END) " +
                 $"FROM {Lc} WHERE {Sale} OR {ProductReturn} GROUP BY product, day",
            r => productRows.Add((r.Text(0) is { } p ? productCode[p] : -1, DayNumber(r.Long(1)), r.Double(2), r.Double(3), r.Double(4), r.Double(5))));

        // Line kinds, and the totals of the load report.
        var kinds = Enum.GetValues<LineKind>();
        var kindLines = kinds.ToDictionary(k => k, _ => 0L);
        var kindUnits = kinds.ToDictionary(k => k, _ => 0.0);
        var kindValue = kinds.ToDictionary(k => k, _ => 0.0);
        db.Query($"SELECT {Kind} AS kind, count(*), sum(abs(qty)), sum(amount) FROM {Lc} GROUP BY kind", r =>
        {
            var k = (LineKind)r.Long(0);
            kindLines[k] = r.Long(1); kindUnits[k] = r.IsNull(2) ? 0 : r.Double(2); kindValue[k] = r.IsNull(3) ? 0 : r.Double(3);
        });
        long accepted = 0, withoutCustomer = 0, returnRows = 0; long? first = null, last = null; double net = double.NaN;
        db.Query($"SELECT count(*), sum(CASE WHEN customer IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN {IsReturn} THEN 1 ELSE 0 END), min(us), max(us), sum(amount) FROM {L}", r =>
        {
            accepted = r.Long(0); withoutCustomer = r.Long(1); returnRows = r.Long(2);
            if (!r.IsNull(3)) { first = r.Long(3); last = r.Long(4); }
            net = r.Double(5);
        });
        string Unit = !src.HasOrderIds ? Day() : src.OrderIdsAreText ? "coalesce(order_id, '')" : "coalesce(order_id, -1)";
        long returnInvoices = Count(db, $"SELECT count(*) FROM (SELECT customer, {Unit} AS unit FROM {L} WHERE customer IS NOT NULL AND {IsReturn} GROUP BY customer, unit) x");
        long anonymousInvoices = Count(db, $"SELECT count(*) FROM (SELECT {Unit} AS unit FROM {L} WHERE customer IS NULL GROUP BY unit) x");
        if (cancelled.Count > 0) db.Execute(d.Drop(Cancelled));
        if (nonProductCodes.Count > 0) db.Execute(d.Drop(NonProduct));

        string engine = d.Name;
        return () =>
        {
            var history = OrderHistory.FromOrders(ids, orders, returnDays, withoutCustomer, src.HasOrderIds, src.HasMoney);
            var labels = productIds.Select((p, i) => productNames[i] is { Length: > 0 } n ? n : p).ToList();
            var sold = new ProductSales(productIds, labels, productRows, new LineKindTotals(kindLines, kindUnits, kindValue, rules.CancellationWindow),
                src.HasQuantity, src.HasMoney, src.HasProducts);
            var report = src.Report with
            {
                RowsAccepted = accepted,
                RowsWithoutCustomer = withoutCustomer,
                Customers = ids.Count,
                Orders = reportOrderCount,
                ReturnInvoices = returnInvoices,
                InvoicesWithoutCustomer = anonymousInvoices,
                Lines = kindLines,
                ReturnRows = returnRows,
                FirstTimestamp = first is { } f ? new DateTime(Ticks(f)) : null,
                LastTimestamp = last is { } l ? new DateTime(Ticks(l)) : null,
                NetRevenue = src.HasMoney ? (accepted == 0 ? 0 : net) : double.NaN,
            };
            return new ReducedTransactions(history, sold, report, engine);
        };
    }

    /// <summary>The loader's missing-value markers (NA, NULL, -, …) as a SQL list of lowered literals, for <c>lower(x) IN (…)</c>.</summary>
    internal static string MissingMarkers(SqlDialect d, LoadOptions o) =>
        string.Join(", ", o.MissingMarkers.Where(m => m.Length <= 4).Select(m => d.Literal(m.ToLowerInvariant())).DefaultIfEmpty("''"));

    /// <summary>The loader's yes/no words of a return flag (<see cref="FlagReader"/>) as SQL lists of literals.</summary>
    internal static (string Yes, string No) FlagWords(SqlDialect d) =>
        (string.Join(", ", FlagReader.Yes.Select(d.Literal)), string.Join(", ", FlagReader.No.Select(d.Literal)));

    /// <summary>
    /// The load report as a source knows it before the reductions: what was read and rejected, and how. The counts the
    /// reductions make (accepted rows, customers, orders, first and last, net revenue) are left for <see cref="Run"/>.
    /// </summary>
    internal static LoadReport SourceReport(string source, long read, long rejected, IReadOnlyList<Rejection> rejections, IReadOnlyDictionary<string, long> counts,
        long duplicates, bool duplicatesDropped, char delimiter, string format, string encoding, string culture,
        IReadOnlyDictionary<string, string> mapping, IReadOnlyList<string> warnings) => new()
    {
        Source = source, RowsRead = read, RowsAccepted = 0, RowsRejected = rejected, RowsWithoutCustomer = 0,
        DuplicateRows = duplicates, DuplicatesDropped = duplicatesDropped, Customers = 0, Orders = 0, ReturnRows = 0,
        FirstTimestamp = null, LastTimestamp = null, NetRevenue = double.NaN, Rejections = rejections, RejectionCounts = counts,
        BlankLines = 0, Delimiter = delimiter, Format = format, Encoding = encoding, Culture = culture, ColumnMapping = mapping, Warnings = warnings,
    };

    /// <summary>Spec §0 as SQL: negative quantity or amount, a cancellation invoice (prefix then a digit), or a return flag.</summary>
    internal static string ReturnRule(SqlDialect d, bool hasOrderIds, string? prefix) =>
        $"(coalesce(qty, 0) < 0 OR coalesce(amount, 0) < 0 OR flag = 1 OR {CancellationInvoice(d, hasOrderIds, prefix)})";

    private static string CancellationInvoice(SqlDialect d, bool hasOrderIds, string? prefix) => string.IsNullOrEmpty(prefix) || !hasOrderIds ? "(1 = 0)"
        : $"(order_id IS NOT NULL AND length(order_id) > {prefix.Length} AND upper(substring(order_id, 1, {prefix.Length})) = {d.Literal(prefix.ToUpperInvariant())} AND substring(order_id, {prefix.Length + 1}, 1) >= '0' AND substring(order_id, {prefix.Length + 1}, 1) <= '9')";

    private static long Count(ISqlRunner db, string sql)
    {
        long n = 0;
        db.Query(sql, r => n = r.Long(0));
        return n;
    }

    internal static long Ticks(long micros) => DateTime.UnixEpoch.Ticks + micros * 10;

    // The engine's day counts from 1970; the kit's from year 1.
    private static int DayNumber(long unixDay) => (int)(DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerDay + unixDay);
}
