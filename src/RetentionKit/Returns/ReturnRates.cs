using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Returns;

/// <summary>A product's return rate.</summary>
public sealed record ProductReturnRate(string ProductId, double UnitsSold, double UnitsReturned, Rate ReturnRate)
{
    /// <summary>The product's name where the data has one (else its code).</summary>
    public string Name { get; init; } = ProductId;
}

/// <summary>
/// Product return rates (spec §6): units returned / units sold, and the same by value, over every line in the
/// window, with or without a customer id (returns count for return totals). Returns in the window may be of
/// goods sold before it, so a product's rate can exceed 100 %.
/// </summary>
/// <param name="Window">Lines considered.</param>
/// <param name="UnitsSold">Σ quantity of purchase lines.</param>
/// <param name="UnitsReturned">Σ |quantity| of return lines.</param>
/// <param name="ValueSold">Σ amount of purchase lines.</param>
/// <param name="ValueReturned">Σ |amount| of return lines.</param>
/// <param name="ByUnits">UnitsReturned / UnitsSold.</param>
/// <param name="ByValue">ValueReturned / ValueSold.</param>
/// <param name="TopProducts">Products by units returned, most first.</param>
/// <param name="Warnings">Missing quantities or products.</param>
public sealed record ReturnRates(Period Window, double UnitsSold, double UnitsReturned, double ValueSold, double ValueReturned,
    Rate ByUnits, Rate ByValue, IReadOnlyList<ProductReturnRate> TopProducts, IReadOnlyList<string> Warnings)
{
    /// <summary>Computes return rates over lines in <paramref name="window"/> (all lines when null).</summary>
    public static ReturnRates Compute(Transactions t, Period? window = null, int topProducts = 20) =>
        Compute(ProductSales.From(t), window, topProducts);

    /// <summary>Computes return rates over the days of <paramref name="window"/> (all days when null) from the per product and day reduction.</summary>
    public static ReturnRates Compute(ProductSales s, Period? window = null, int topProducts = 20)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (from, to) = Days(window);
        double sold = 0, returned = 0, vSold = 0, vReturned = 0;
        var pSold = new double[s.ProductIds.Count];
        var pReturned = new double[s.ProductIds.Count];
        for (int j = 0; j < s.Count; j++)
        {
            int d = s.Day[j];
            if (d < from || d >= to) continue;
            sold += s.UnitsSold[j]; vSold += s.ValueSold[j]; returned += s.UnitsReturned[j]; vReturned += s.ValueReturned[j];
            int p = s.Product[j];
            if (p >= 0) { pSold[p] += s.UnitsSold[j]; pReturned[p] += s.UnitsReturned[j]; }
        }
        var top = Enumerable.Range(0, pSold.Length).Where(p => pReturned[p] > 0)
            .OrderByDescending(p => pReturned[p]).ThenBy(p => s.ProductIds[p], StringComparer.Ordinal).Take(topProducts)
            .Select(p => new ProductReturnRate(s.ProductIds[p], pSold[p], pReturned[p], Rate.Of(pReturned[p], pSold[p], "no units of it sold in the window")) { Name = s.ProductLabels[p] })
            .ToList();
        return Build(s, window ?? new Period(DateTime.MinValue, DateTime.MaxValue), sold, returned, vSold, vReturned, top);
    }

    // Windows are whole days (periods start at midnight), so a window is a range of day numbers.
    private static (long From, long To) Days(Period? window) => window is { } w
        ? (w.Start.Ticks / TimeSpan.TicksPerDay + (w.Start.Ticks % TimeSpan.TicksPerDay == 0 ? 0 : 1), (w.End.Ticks + TimeSpan.TicksPerDay - 1) / TimeSpan.TicksPerDay)
        : (long.MinValue, long.MaxValue);

    /// <summary>Return rates for every period of <paramref name="grid"/> in one pass over the lines (no per-product table).</summary>
    public static IReadOnlyList<ReturnRates> PerPeriod(Transactions t, PeriodGrid grid) => PerPeriod(ProductSales.From(t), grid);

    /// <summary>Return rates for every period of <paramref name="grid"/> from the per product and day reduction (no per-product table).</summary>
    public static IReadOnlyList<ReturnRates> PerPeriod(ProductSales s, PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(grid);
        int n = grid.Periods.Count;
        var sums = new double[n, 4]; // sold, returned, value sold, value returned
        for (int j = 0; j < s.Count; j++)
        {
            int k = grid.PeriodOfDay(s.Day[j]);
            if (k < 0 || k >= n) continue;
            sums[k, 0] += s.UnitsSold[j]; sums[k, 1] += s.UnitsReturned[j];
            sums[k, 2] += s.ValueSold[j]; sums[k, 3] += s.ValueReturned[j];
        }
        return Enumerable.Range(0, n).Select(k => Build(s, grid.Periods[k], sums[k, 0], sums[k, 1], sums[k, 2], sums[k, 3], [])).ToList();
    }

    private static ReturnRates Build(ProductSales s, Period window, double sold, double returned, double vSold, double vReturned, IReadOnlyList<ProductReturnRate> top)
    {
        var warnings = new List<string>();
        if (!s.HasQuantity) warnings.Add("the data has no quantities: the unit return rate is undefined.");
        if (!s.HasProducts) warnings.Add("the data has no product ids: no per-product rates.");
        var l = s.Kinds;
        var left = new List<string>();
        if (l.Count(LineKind.Cancellation) > 0) left.Add($"{l.Count(LineKind.Cancellation):N0} cancellations and the sales they reversed ({l.Units[LineKind.Cancellation]:N0} units; a return of the same customer, product and quantity within {l.CancellationWindow.TotalHours:0.#} hours)");
        if (l.Count(LineKind.StockAdjustment) > 0) left.Add($"{l.Count(LineKind.StockAdjustment):N0} stock adjustments ({l.Units[LineKind.StockAdjustment]:N0} units: return lines without a customer or cancellation invoice)");
        if (l.Count(LineKind.NonProduct) > 0) left.Add($"{l.Count(LineKind.NonProduct):N0} non-product lines (fees, postage, manual adjustments; net {l.Value[LineKind.NonProduct]:N2})");
        if (left.Count > 0) warnings.Add("the return rate counts product returns over product sales; left out over the whole data: " + string.Join("; ", left) + ". Net revenue still includes every line.");
        return new ReturnRates(window, sold, returned, vSold, vReturned,
            s.HasQuantity ? Rate.Of(returned, sold, "no units sold") : new Rate(double.NaN, double.NaN, "no quantities"),
            s.HasMoney ? Rate.Of(vReturned, vSold, "no sales value") : new Rate(double.NaN, double.NaN, "no amounts"),
            top, warnings);
    }

    /// <summary>The top products table.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("ProductId", TopProducts.Select(p => p.ProductId)).Add("Product", TopProducts.Select(p => p.Name)).Add("UnitsSold", TopProducts.Select(p => p.UnitsSold))
        .Add("UnitsReturned", TopProducts.Select(p => p.UnitsReturned)).Add("ReturnRate", TopProducts.Select(p => p.ReturnRate)).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Product return rate {ByUnits} by units ({UnitsReturned:N0} of {UnitsSold:N0}), {ByValue} by value.");
}
