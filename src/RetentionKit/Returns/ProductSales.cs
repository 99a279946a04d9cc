using RetentionKit.Data;

namespace RetentionKit.Returns;

/// <summary>The lines of each kind over the whole data: how many, their units (absolute quantities) and net value.</summary>
/// <param name="Lines">Lines per kind.</param>
/// <param name="Units">Σ |quantity| per kind.</param>
/// <param name="Value">Σ amount per kind.</param>
/// <param name="CancellationWindow">The window within which a return reversed a sale (the line rules').</param>
public sealed record LineKindTotals(IReadOnlyDictionary<LineKind, long> Lines, IReadOnlyDictionary<LineKind, double> Units,
    IReadOnlyDictionary<LineKind, double> Value, TimeSpan CancellationWindow)
{
    /// <summary>Lines of <paramref name="kind"/>.</summary>
    public long Count(LineKind kind) => Lines.GetValueOrDefault(kind);

    /// <summary>The totals of classified lines.</summary>
    public static LineKindTotals From(LineClasses c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var kinds = Enum.GetValues<LineKind>();
        return new(kinds.ToDictionary(k => k, c.Count), kinds.ToDictionary(k => k, c.Units), kinds.ToDictionary(k => k, c.Value), c.Rules.CancellationWindow);
    }
}

/// <summary>
/// The reduction return rates start from (spec §6): units and value sold (sale lines) and returned (product-return
/// lines) per product and day, with the line kinds' totals. Made from the lines in memory or by an SQL engine's
/// GROUP BY; the rates over any window of whole days are sums of its rows.
/// </summary>
public sealed class ProductSales
{
    internal readonly int[] Product;      // −1: lines without a product id
    internal readonly int[] Day;          // PeriodGrid.DayNumber
    internal readonly double[] UnitsSold, ValueSold, UnitsReturned, ValueReturned;

    /// <summary>Makes the table from per (product, day) rows; product −1 holds the lines without a product id.</summary>
    /// <param name="productIds">Product codes; a row's product indexes them.</param>
    /// <param name="productLabels">The name shown for each product (its code when it has none).</param>
    /// <param name="rows">(product, day number, units sold, value sold, units returned, value returned); returns as sizes (≥ 0).</param>
    /// <param name="kinds">Lines per kind over the whole data.</param>
    /// <param name="hasQuantity">Whether the data has quantities.</param>
    /// <param name="hasMoney">Whether it has amounts (or quantity and unit price).</param>
    /// <param name="hasProducts">Whether it has product ids.</param>
    public ProductSales(IReadOnlyList<string> productIds, IReadOnlyList<string> productLabels,
        IReadOnlyList<(int Product, int Day, double UnitsSold, double ValueSold, double UnitsReturned, double ValueReturned)> rows,
        LineKindTotals kinds, bool hasQuantity, bool hasMoney, bool hasProducts)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ProductIds = productIds; ProductLabels = productLabels; Kinds = kinds;
        HasQuantity = hasQuantity; HasMoney = hasMoney; HasProducts = hasProducts;
        // Day order, so a window's rows are one run; ties by product keep the sums in one order whoever made the rows.
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var sortKeys = new long[rows.Count];
        for (int i = 0; i < rows.Count; i++) sortKeys[i] = ((long)rows[i].Day << 32) | (uint)(rows[i].Product + 1);
        Array.Sort(sortKeys, order);
        int n = order.Length;
        Product = new int[n]; Day = new int[n]; UnitsSold = new double[n]; ValueSold = new double[n]; UnitsReturned = new double[n]; ValueReturned = new double[n];
        for (int j = 0; j < n; j++)
        {
            var r = rows[order[j]];
            (Product[j], Day[j], UnitsSold[j], ValueSold[j], UnitsReturned[j], ValueReturned[j]) = r;
        }
    }

    /// <summary>Product codes.</summary>
    public IReadOnlyList<string> ProductIds { get; }
    /// <summary>Product names as shown (the code when a product has no name).</summary>
    public IReadOnlyList<string> ProductLabels { get; }
    /// <summary>Lines per kind over the whole data.</summary>
    public LineKindTotals Kinds { get; }
    /// <summary>Whether quantities are known.</summary>
    public bool HasQuantity { get; }
    /// <summary>Whether money is known.</summary>
    public bool HasMoney { get; }
    /// <summary>Whether product ids are known.</summary>
    public bool HasProducts { get; }
    /// <summary>Rows (product and day).</summary>
    public int Count => Day.Length;

    /// <summary>Reduces transaction lines by their line kinds: sale and product-return lines, per product and day.</summary>
    public static ProductSales From(Transactions t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var time = t.Time; var qty = t.Qty; var money = t.Money; var product = t.Product; var lines = t.Lines;
        int minDay = int.MaxValue, maxDay = int.MinValue;
        for (int i = 0; i < t.Count; i++)
        {
            if (lines[i] is not (LineKind.Sale or LineKind.ProductReturn)) continue;
            int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay);
            if (day < minDay) minDay = day;
            if (day > maxDay) maxDay = day;
        }
        // A row per (product, day): found in a dense table of slots when products × days is small (a hash table's
        // lookups over hundreds of thousands of rows miss the cache on nearly every line), else in a hash table.
        long width = t.ProductIds.Count + 1, cells = maxDay >= minDay ? width * (maxDay - minDay + 1L) : 0;
        var dense = cells is > 0 and <= 1 << 25 ? new int[cells] : null; // slot + 1; 0: no row yet
        var at = dense is null ? new Dictionary<(int, int), int>() : null;
        var keys = new List<(int Product, int Day)>();
        var sums = new List<double>(); // four per row: units and value sold, units and value returned
        for (int i = 0; i < t.Count; i++)
        {
            var kind = lines[i];
            if (kind is not (LineKind.Sale or LineKind.ProductReturn)) continue;
            int day = (int)(time[i].Ticks / TimeSpan.TicksPerDay), p = product[i];
            ref int slot = ref dense is not null ? ref dense[(day - minDay) * width + p + 1]
                : ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(at!, (day, p), out _);
            if (slot == 0) { keys.Add((p, day)); sums.AddRange([0, 0, 0, 0]); slot = keys.Count; }
            var (q, m) = Size(qty[i], money[i]);
            int k = 4 * (slot - 1) + (kind == LineKind.Sale ? 0 : 2);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sums);
            span[k] += q; span[k + 1] += m;
        }
        var rows = keys.Select((key, j) => (key.Product, key.Day, sums[4 * j], sums[4 * j + 1], sums[4 * j + 2], sums[4 * j + 3])).ToList();
        var labels = Enumerable.Range(0, t.ProductIds.Count).Select(t.ProductLabel).ToList();
        return new ProductSales(t.ProductIds, labels, rows, LineKindTotals.From(t.Lines), t.HasQuantity, t.HasMoney, t.HasProducts);
    }

    // Returns are counted by size whatever their sign; a missing quantity or amount counts as nothing.
    internal static (double Units, double Value) Size(double qty, double money) =>
        (double.IsNaN(qty) ? 0 : Math.Abs(qty), double.IsNaN(money) ? 0 : Math.Abs(money));
}
