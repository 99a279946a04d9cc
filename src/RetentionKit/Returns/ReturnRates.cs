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
    public static ReturnRates Compute(Transactions t, Period? window = null, int topProducts = 20)
    {
        ArgumentNullException.ThrowIfNull(t);
        long from = window?.Start.Ticks ?? long.MinValue, to = window?.End.Ticks ?? long.MaxValue;
        double sold = 0, returned = 0, vSold = 0, vReturned = 0;
        var pSold = new double[t.ProductIds.Count];
        var pReturned = new double[t.ProductIds.Count];
        var time = t.Time; var qty = t.Qty; var money = t.Money; var product = t.Product; var lines = t.Lines;
        for (int i = 0; i < t.Count; i++)
        {
            long tk = time[i].Ticks;
            if (tk < from || tk >= to) continue;
            var (q, m) = Size(qty[i], money[i]);
            int p = product[i];
            switch (lines[i])
            {
                case LineKind.ProductReturn: returned += q; vReturned += m; if (p >= 0) pReturned[p] += q; break;
                case LineKind.Sale: sold += q; vSold += m; if (p >= 0) pSold[p] += q; break;
            }
        }
        var top = Enumerable.Range(0, pSold.Length).Where(p => pReturned[p] > 0)
            .OrderByDescending(p => pReturned[p]).ThenBy(p => t.ProductIds[p], StringComparer.Ordinal).Take(topProducts)
            .Select(p => new ProductReturnRate(t.ProductIds[p], pSold[p], pReturned[p], Rate.Of(pReturned[p], pSold[p], "no units of it sold in the window")) { Name = t.ProductLabel(p) })
            .ToList();
        return Build(t, window ?? new Period(DateTime.MinValue, DateTime.MaxValue), sold, returned, vSold, vReturned, top);
    }

    /// <summary>Return rates for every period of <paramref name="grid"/> in one pass over the lines (no per-product table).</summary>
    public static IReadOnlyList<ReturnRates> PerPeriod(Transactions t, PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(grid);
        int n = grid.Periods.Count;
        var sums = new double[n, 4]; // sold, returned, value sold, value returned
        var time = t.Time; var qty = t.Qty; var money = t.Money; var lines = t.Lines;
        for (int i = 0; i < t.Count; i++)
        {
            int k = grid.PeriodOfDay(PeriodGrid.DayNumber(time[i]));
            if (k < 0 || k >= n) continue;
            var kind = lines[i];
            if (kind is not (LineKind.Sale or LineKind.ProductReturn)) continue;
            var (q, m) = Size(qty[i], money[i]);
            int col = kind == LineKind.ProductReturn ? 1 : 0;
            sums[k, col] += q;
            sums[k, col + 2] += m;
        }
        return Enumerable.Range(0, n).Select(k => Build(t, grid.Periods[k], sums[k, 0], sums[k, 1], sums[k, 2], sums[k, 3], [])).ToList();
    }

    // Returns are counted by size whatever their sign; a missing quantity or amount counts as nothing.
    private static (double Units, double Value) Size(double qty, double money) =>
        (double.IsNaN(qty) ? 0 : Math.Abs(qty), double.IsNaN(money) ? 0 : Math.Abs(money));

    private static ReturnRates Build(Transactions t, Period window, double sold, double returned, double vSold, double vReturned, IReadOnlyList<ProductReturnRate> top)
    {
        var warnings = new List<string>();
        if (!t.HasQuantity) warnings.Add("the data has no quantities: the unit return rate is undefined.");
        if (!t.HasProducts) warnings.Add("the data has no product ids: no per-product rates.");
        var l = t.Lines;
        var left = new List<string>();
        if (l.Count(LineKind.Cancellation) > 0) left.Add($"{l.Count(LineKind.Cancellation):N0} cancellations and the sales they reversed ({l.Units(LineKind.Cancellation):N0} units; a return of the same customer, product and quantity within {l.Rules.CancellationWindow.TotalHours:0.#} hours)");
        if (l.Count(LineKind.StockAdjustment) > 0) left.Add($"{l.Count(LineKind.StockAdjustment):N0} stock adjustments ({l.Units(LineKind.StockAdjustment):N0} units: return lines without a customer or cancellation invoice)");
        if (l.Count(LineKind.NonProduct) > 0) left.Add($"{l.Count(LineKind.NonProduct):N0} non-product lines (fees, postage, manual adjustments; net {l.Value(LineKind.NonProduct):N2})");
        if (left.Count > 0) warnings.Add("the return rate counts product returns over product sales; left out over the whole data: " + string.Join("; ", left) + ". Net revenue still includes every line.");
        return new ReturnRates(window, sold, returned, vSold, vReturned,
            t.HasQuantity ? Rate.Of(returned, sold, "no units sold") : new Rate(double.NaN, double.NaN, "no quantities"),
            t.HasMoney ? Rate.Of(vReturned, vSold, "no sales value") : new Rate(double.NaN, double.NaN, "no amounts"),
            top, warnings);
    }

    /// <summary>The top products table.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("ProductId", TopProducts.Select(p => p.ProductId)).Add("Product", TopProducts.Select(p => p.Name)).Add("UnitsSold", TopProducts.Select(p => p.UnitsSold))
        .Add("UnitsReturned", TopProducts.Select(p => p.UnitsReturned)).Add("ReturnRate", TopProducts.Select(p => p.ReturnRate)).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Product return rate {ByUnits} by units ({UnitsReturned:N0} of {UnitsSold:N0}), {ByValue} by value.");
}
