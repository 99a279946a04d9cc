using System.Text.RegularExpressions;

namespace RetentionKit.Data;

/// <summary>What a transaction line is, for return rates and the load report.</summary>
public enum LineKind
{
    /// <summary>A product sold.</summary>
    Sale,
    /// <summary>A product sent back: a return line that is not a cancellation, a stock adjustment or a non-product line.</summary>
    ProductReturn,
    /// <summary>A return line that reverses a sale soon after it: the same customer, product and quantity within <see cref="LineRules.CancellationWindow"/>.</summary>
    Cancellation,
    /// <summary>The sale a <see cref="Cancellation"/> reversed: it did not happen as a sale.</summary>
    CancelledSale,
    /// <summary>A stock correction or write-off: a return line with no customer and no cancellation invoice ("thrown away", "damaged").</summary>
    StockAdjustment,
    /// <summary>Not a product: postage, fees, manual adjustments, bank charges, discounts, samples, vouchers (by code or name).</summary>
    NonProduct,
}

/// <summary>
/// The rules that classify lines, as data: codes and name patterns of non-product lines, the cancellation window, and
/// whether a customer-less return line is a stock adjustment. <see cref="Default"/> holds Online Retail's codes; set your
/// own (CLI: --non-product-codes, --non-product-names) for other shops.
/// </summary>
public sealed record LineRules
{
    /// <summary>Product codes that are not products (compared ignoring case).</summary>
    public IReadOnlyCollection<string> NonProductCodes { get; init; } = [];

    /// <summary>Regular expressions (ignoring case) on the product name or code that mark a non-product line.</summary>
    public IReadOnlyList<string> NonProductNamePatterns { get; init; } = [];

    /// <summary>A return of the same customer, product and quantity this soon after the sale is a cancellation, not a product return.</summary>
    public TimeSpan CancellationWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Whether a return line without a customer and without a cancellation invoice is a stock adjustment (write-off).</summary>
    public bool CustomerlessReturnsAreStockAdjustments { get; init; } = true;

    /// <summary>
    /// Online Retail's non-product codes (POST, DOT postage; C2 carriage; M, m manual; D discount; S samples; B bad-debt
    /// adjustment; CRUK commission; AMAZONFEE; BANK CHARGES; gift vouchers) and the matching names, a 24-hour
    /// cancellation window, and customer-less return lines as stock adjustments.
    /// </summary>
    public static LineRules Default { get; } = new()
    {
        NonProductCodes = ["POST", "DOT", "C2", "M", "D", "S", "B", "CRUK", "AMAZONFEE", "BANK CHARGES"],
        NonProductNamePatterns = [@"^\s*(dotcom\s+)?postage\s*$", @"^\s*carriage\s*$", @"^\s*manual\s*$", @"^\s*discount\s*$", @"^\s*samples?\s*$",
            @"adjust bad debt", @"bank charges", @"amazon fee", @"commission", @"gift voucher", @"^gift_\d"],
    };

    /// <summary>No reclassification: every return line is a product return, every other line a sale (the kit before it classified lines).</summary>
    public static LineRules None { get; } = new() { CancellationWindow = TimeSpan.Zero, CustomerlessReturnsAreStockAdjustments = false };
}

/// <summary>Every line's <see cref="LineKind"/>, with the lines, units and value of each kind.</summary>
public sealed class LineClasses
{
    private readonly LineKind[] _kinds;
    private readonly long[] _lines = new long[6];
    private readonly double[] _units = new double[6], _value = new double[6];

    // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private LineClasses(LineKind[] kinds, LineRules rules, Transactions t)
    {
        _kinds = kinds;
        Rules = rules;
        for (int i = 0; i < kinds.Length; i++)
        {
            int k = (int)kinds[i];
            _lines[k]++;
            if (!double.IsNaN(t.Qty[i])) _units[k] += Math.Abs(t.Qty[i]);
            if (!double.IsNaN(t.Money[i])) _value[k] += t.Money[i];
        }
    }

    /// <summary>The rules used.</summary>
    public LineRules Rules { get; }

    /// <summary>The kind of line <paramref name="row"/>.</summary>
    public LineKind this[int row] => _kinds[row];

    /// <summary>How many lines are of <paramref name="kind"/>.</summary>
    public long Count(LineKind kind) => _lines[(int)kind];

    /// <summary>Units (absolute quantities) in lines of <paramref name="kind"/>.</summary>
    public double Units(LineKind kind) => _units[(int)kind];

    /// <summary>Net value (signed amounts) of lines of <paramref name="kind"/>.</summary>
    public double Value(LineKind kind) => _value[(int)kind];

    /// <summary>Lines per kind, every kind listed.</summary>
    public IReadOnlyDictionary<LineKind, long> Counts => Enum.GetValues<LineKind>().ToDictionary(k => k, Count);

    /// <summary>Classifies every line of <paramref name="t"/> by <paramref name="rules"/>.</summary>
    // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static LineClasses Classify(Transactions t, LineRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rules);
        var kinds = new LineKind[t.Count];
        var nonProduct = NonProductProducts(t, rules);
        // Each customer's returned (product, size) keys, gathered on the first pass and then laid out side by side per
        // customer, sorted by product: a sale is a candidate when its customer's keys hold its product and size, found
        // by a search of a few adjacent entries rather than a hash of three fields per line.
        var keyCount = new int[t.CustomerIds.Count + 1];
        var allKeys = new HashSet<(int, int, double)>();
        for (int i = 0; i < t.Count; i++)
        {
            int p = t.Product[i];
            if (p >= 0 && nonProduct[p]) { kinds[i] = LineKind.NonProduct; continue; }
            if (!t.Return[i]) { kinds[i] = LineKind.Sale; continue; }
            bool cancellationInvoice = t.Order[i] >= 0 && ReturnRule.IsCancellationId(t.OrderIds[t.Order[i]], t.CancellationPrefix);
            if (t.Customer[i] < 0 && rules.CustomerlessReturnsAreStockAdjustments && !cancellationInvoice) { kinds[i] = LineKind.StockAdjustment; continue; }
            kinds[i] = LineKind.ProductReturn;
            if (rules.CancellationWindow > TimeSpan.Zero && t.Customer[i] >= 0 && p >= 0 && allKeys.Add((t.Customer[i], p, Size(t, i))))
                keyCount[t.Customer[i] + 1]++;
        }
        if (allKeys.Count == 0) return new LineClasses(kinds, rules, t);
        // keyStart[c] … keyStart[c + 1]: customer c's keys.
        var keyStart = keyCount;
        for (int c = 1; c < keyStart.Length; c++) keyStart[c] += keyStart[c - 1];
        var keyProduct = new int[allKeys.Count];
        var keySize = new double[allKeys.Count];
        var fill = keyStart[..^1];
        foreach (var (c, p, size) in allKeys) { keyProduct[fill[c]] = p; keySize[fill[c]] = size; fill[c]++; }
        for (int c = 0; c + 1 < keyStart.Length; c++)
            if (keyStart[c + 1] - keyStart[c] > 1)
                keyProduct.AsSpan(keyStart[c], keyStart[c + 1] - keyStart[c]).Sort(keySize.AsSpan(keyStart[c], keyStart[c + 1] - keyStart[c]));
        bool Returned(int customer, int product, int row)
        {
            int lo = keyStart[customer], hi = keyStart[customer + 1];
            int at = keyProduct.AsSpan(lo, hi - lo).BinarySearch(product);
            if (at < 0) return false;
            // The product's keys are adjacent (one per size returned): the size is read only for a product returned.
            double size = Size(t, row);
            for (int e = lo + at; e >= lo && keyProduct[e] == product; e--) if (keySize[e].Equals(size)) return true;
            for (int e = lo + at + 1; e < hi && keyProduct[e] == product; e++) if (keySize[e].Equals(size)) return true;
            return false;
        }
        var sales = new List<((int, int, double) Key, long Ticks, long Line)>();
        var returns = new List<((int, int, double) Key, long Ticks, long Line)>();
        for (int i = 0; i < t.Count; i++)
        {
            int c = t.Customer[i];
            // Most sales are of customers who never return anything: two array reads, and the search only for the rest.
            if (c < 0 || t.Product[i] < 0 || keyStart[c] == keyStart[c + 1]) continue;
            if (kinds[i] == LineKind.Sale)
            {
                if (Returned(c, t.Product[i], i)) sales.Add(((c, t.Product[i], Size(t, i)), t.Time[i].Ticks, i));
            }
            else if (kinds[i] == LineKind.ProductReturn) returns.Add(((c, t.Product[i], Size(t, i)), t.Time[i].Ticks, i));
        }
        foreach (var (s, r) in MatchCancellations(sales, returns, rules.CancellationWindow))
        {
            kinds[(int)sales[s].Line] = LineKind.CancelledSale;
            kinds[(int)returns[r].Line] = LineKind.Cancellation;
        }
        return new LineClasses(kinds, rules, t);
    }

    /// <summary>
    /// The cancellation rule on candidate lines, wherever they were read: each return, oldest first, reverses the latest
    /// sale of its key (customer, product, size) at most <paramref name="window"/> before it that no earlier return took.
    /// Ties in time go by line, so an SQL engine's candidates match exactly as the lines in memory do.
    /// </summary>
    /// <returns>(sale index, return index) of each match.</returns>
    // Once a file, over every line: compiled optimized from the start (see TransactionLoader.Run.Execute).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static List<(int Sale, int Return)> MatchCancellations<TKey>(IReadOnlyList<(TKey Key, long Ticks, long Line)> sales,
        IReadOnlyList<(TKey Key, long Ticks, long Line)> returns, TimeSpan window) where TKey : notnull
    {
        // Each key as a small number, then one sort of the sales by (key, time, line): a key's sales are a run of the
        // sorted array, with no list per key.
        var group = new Dictionary<TKey, int>();
        var bySale = new (int Group, long Ticks, long Line, int Index)[sales.Count];
        for (int i = 0; i < sales.Count; i++)
        {
            var (key, ticks, line) = sales[i];
            if (!group.TryGetValue(key, out int g)) group[key] = g = group.Count;
            bySale[i] = (g, ticks, line, i);
        }
        Array.Sort(bySale, (a, b) => a.Group != b.Group ? a.Group.CompareTo(b.Group) : a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Line.CompareTo(b.Line));
        var runEnd = new int[group.Count]; // sales of group g: bySale[runEnd[g - 1] … runEnd[g])
        foreach (var x in bySale) runEnd[x.Group]++;
        for (int g = 1; g < runEnd.Length; g++) runEnd[g] += runEnd[g - 1];
        var byReturn = new (long Ticks, long Line, int Group, int Index)[returns.Count];
        int n = 0;
        for (int r = 0; r < returns.Count; r++)
            if (group.TryGetValue(returns[r].Key, out int g)) byReturn[n++] = (returns[r].Ticks, returns[r].Line, g, r);
        Array.Sort(byReturn, 0, n, Comparer<(long Ticks, long Line, int Group, int Index)>.Create((a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Line.CompareTo(b.Line)));
        var used = new bool[sales.Count];
        var pairs = new List<(int, int)>();
        for (int k = 0; k < n; k++)
        {
            var (ticks, _, g, r) = byReturn[k];
            int start = g == 0 ? 0 : runEnd[g - 1];
            // The latest sale at or before the return first, back to the window's start.
            for (int j = runEnd[g] - 1; j >= start; j--)
            {
                long gap = ticks - bySale[j].Ticks;
                if (gap < 0) continue;
                if (gap > window.Ticks) break;
                int s = bySale[j].Index;
                if (used[s]) continue;
                used[s] = true;
                pairs.Add((s, r));
                break;
            }
        }
        return pairs;
    }

    // Quantity where there is one, else the amount: a cancellation reverses the same size.
    private static double Size(Transactions t, int i) => double.IsNaN(t.Qty[i]) ? Math.Abs(t.Money[i]) : Math.Abs(t.Qty[i]);

    private static bool[] NonProductProducts(Transactions t, LineRules rules) => NonProductProducts(t.ProductIds, t.ProductNames, rules);

    /// <summary>Which products are not products (fees, postage, …) by the rules' codes and name patterns.</summary>
    internal static bool[] NonProductProducts(IReadOnlyList<string> productIds, IReadOnlyList<string?> productNames, LineRules rules)
    {
        var codes = new HashSet<string>(rules.NonProductCodes, StringComparer.OrdinalIgnoreCase);
        var patterns = rules.NonProductNamePatterns.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToList();
        var result = new bool[productIds.Count];
        for (int p = 0; p < result.Length; p++)
        {
            var code = productIds[p];
            var name = p < productNames.Count ? productNames[p] : null;
            result[p] = codes.Contains(code) || patterns.Any(r => r.IsMatch(code) || (name is not null && r.IsMatch(name)));
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(", ", Enum.GetValues<LineKind>().Where(k => Count(k) > 0).Select(k => $"{k} {Count(k):N0}"));
}
