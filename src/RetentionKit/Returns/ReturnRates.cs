using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Returns;

/// <summary>A product's return rate.</summary>
public sealed record ProductReturnRate(string ProductId, double UnitsSold, double UnitsReturned, Rate ReturnRate);

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
        var time = t.Time; var qty = t.Qty; var money = t.Money; var ret = t.Return; var product = t.Product;
        for (int i = 0; i < t.Count; i++)
        {
            long tk = time[i].Ticks;
            if (tk < from || tk >= to) continue;
            double q = double.IsNaN(qty[i]) ? 0 : Math.Abs(qty[i]), m = double.IsNaN(money[i]) ? 0 : Math.Abs(money[i]);
            int p = product[i];
            if (ret[i]) { returned += q; vReturned += m; if (p >= 0) pReturned[p] += q; }
            else { sold += q; vSold += m; if (p >= 0) pSold[p] += q; }
        }
        var warnings = new List<string>();
        if (!t.HasQuantity) warnings.Add("the data has no quantities: the unit return rate is undefined.");
        if (!t.HasProducts) warnings.Add("the data has no product ids: no per-product rates.");
        var top = Enumerable.Range(0, pSold.Length).Where(p => pReturned[p] > 0)
            .OrderByDescending(p => pReturned[p]).ThenBy(p => t.ProductIds[p], StringComparer.Ordinal).Take(topProducts)
            .Select(p => new ProductReturnRate(t.ProductIds[p], pSold[p], pReturned[p], Rate.Of(pReturned[p], pSold[p], "no units of it sold in the window")))
            .ToList();
        return new ReturnRates(window ?? new Period(DateTime.MinValue, DateTime.MaxValue), sold, returned, vSold, vReturned,
            t.HasQuantity ? Rate.Of(returned, sold, "no units sold") : new Rate(double.NaN, double.NaN, "no quantities"),
            t.HasMoney ? Rate.Of(vReturned, vSold, "no sales value") : new Rate(double.NaN, double.NaN, "no amounts"),
            top, warnings);
    }

    /// <summary>The top products table.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("ProductId", TopProducts.Select(p => p.ProductId)).Add("UnitsSold", TopProducts.Select(p => p.UnitsSold))
        .Add("UnitsReturned", TopProducts.Select(p => p.UnitsReturned)).Add("ReturnRate", TopProducts.Select(p => p.ReturnRate)).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Return rate {ByUnits} by units ({UnitsReturned:N0} of {UnitsSold:N0}), {ByValue} by value.");
}
