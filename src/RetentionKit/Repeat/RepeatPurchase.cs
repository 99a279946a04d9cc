using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Repeat;

/// <summary>
/// Repeat and loyal customers in a window (spec §5). Customers are those with at least one order in the window;
/// their order counts and spend are within the window.
/// </summary>
/// <param name="Window">The orders considered, start inclusive, end exclusive.</param>
/// <param name="Customers">Customers with ≥ 1 order in the window.</param>
/// <param name="RepeatCustomers">Customers with ≥ 2 orders in the window.</param>
/// <param name="RepeatPurchaseRatio">RepeatCustomers / Customers.</param>
/// <param name="LoyalThreshold">k: orders that make a customer loyal.</param>
/// <param name="LoyalCustomers">Customers with ≥ k orders.</param>
/// <param name="LoyalCustomerRate">LoyalCustomers / Customers.</param>
/// <param name="WithinDays">D for the "ordered again within D days of the first order" variant.</param>
/// <param name="RepeatWithinDays">Of the customers acquired in the window at least D days before its end, the share who ordered again within D days of their first order.</param>
/// <param name="RepeatAnnualSpend">Mean net spend per year of repeat customers (window spend / window years).</param>
/// <param name="OneTimeAnnualSpend">The same for one-time customers.</param>
/// <param name="RepeatSpendRatio">RepeatAnnualSpend / OneTimeAnnualSpend (seed 004 claims 1.67).</param>
/// <param name="Warnings">Undefined rates and censoring.</param>
public sealed record RepeatPurchase(
    Period Window, long Customers, long RepeatCustomers, Rate RepeatPurchaseRatio, int LoyalThreshold, long LoyalCustomers, Rate LoyalCustomerRate,
    int WithinDays, Rate RepeatWithinDays, double RepeatAnnualSpend, double OneTimeAnnualSpend, Rate RepeatSpendRatio, IReadOnlyList<string> Warnings)
{
    /// <summary>Computes the repeat metrics over orders in <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">loyalOrders &lt; 2 or withinDays &lt; 1.</exception>
    public static RepeatPurchase Compute(OrderHistory history, Period window, int loyalOrders = 3, int withinDays = 90)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (loyalOrders < 2) throw new ArgumentOutOfRangeException(nameof(loyalOrders), loyalOrders, "A loyal customer needs at least 2 orders.");
        if (withinDays < 1) throw new ArgumentOutOfRangeException(nameof(withinDays), withinDays, "The repeat window must be at least one day.");
        long from = window.Start.Ticks, to = window.End.Ticks;
        long customers = 0, repeat = 0, loyal = 0, eligible = 0, again = 0, censored = 0;
        double repeatSpend = 0, oneTimeSpend = 0;
        long repeatN = 0, oneTimeN = 0;
        for (int c = 0; c < history.CustomerCount; c++)
        {
            int s = history.OrderStart[c], e = history.OrderStart[c + 1];
            var (n, spend, _) = history.ActivityIn(c, window);
            if (n == 0) continue;
            customers++;
            if (n >= 2) { repeat++; repeatSpend += spend; repeatN++; } else { oneTimeSpend += spend; oneTimeN++; }
            if (n >= loyalOrders) loyal++;
            // Within-D variant: acquired (first order ever) in the window, and observed for D days after it.
            long firstTicks = history.OrderTicks[s];
            if (firstTicks >= from && firstTicks < to)
            {
                if (firstTicks + TimeSpan.FromDays(withinDays).Ticks > to) { censored++; continue; }
                eligible++;
                int firstDay = history.OrderDay[s];
                for (int i = s + 1; i < e; i++)
                {
                    int d = history.OrderDay[i] - firstDay;
                    if (d > withinDays) break;
                    if (d >= 1) { again++; break; }
                }
            }
        }
        double years = window.Days / 365.25;
        double repeatAnnual = repeatN > 0 ? repeatSpend / repeatN / years : double.NaN;
        double oneAnnual = oneTimeN > 0 ? oneTimeSpend / oneTimeN / years : double.NaN;
        var warnings = new List<string>();
        if (censored > 0)
            warnings.Add($"{censored:N0} customers acquired less than {withinDays} days before the window end are left out of the within-{withinDays}-days rate: they could not yet have come back.");
        if (!history.HasMoney) warnings.Add("the data has no amounts: spend comparisons are undefined.");
        const string none = "no customer ordered in the window";
        return new RepeatPurchase(window, customers, repeat, Rate.Of(repeat, customers, none), loyalOrders, loyal, Rate.Of(loyal, customers, none),
            withinDays, Rate.Of(again, eligible, $"no customer was acquired in the window at least {withinDays} days before its end"),
            repeatAnnual, oneAnnual,
            Rate.Of(repeatAnnual, history.HasMoney && oneTimeN > 0 ? oneAnnual : 0, oneTimeN == 0 ? "no one-time customers" : "one-time customers spent nothing (or no amounts)"),
            warnings);
    }

    /// <summary>One row per measure: its value and the counts behind it.</summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame()
    {
        (string Name, Rate Rate)[] rows =
        [
            ("repeat purchase ratio", RepeatPurchaseRatio), ("loyal customer rate", LoyalCustomerRate),
            ($"again within {WithinDays} days", RepeatWithinDays), ("repeat / one-time annual spend", RepeatSpendRatio),
        ];
        return new FrameBuilder().Add("Measure", rows.Select(r => r.Name)).Add("Value", rows.Select(r => r.Rate.Value))
            .Add("Numerator", rows.Select(r => r.Rate.Numerator)).Add("Denominator", rows.Select(r => r.Rate.Denominator))
            .Add("UndefinedReason", rows.Select(r => r.Rate.UndefinedReason)).Build();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Repeat purchase ratio {RepeatPurchaseRatio} ({RepeatCustomers:N0} of {Customers:N0}); loyal (≥ {LoyalThreshold} orders) {LoyalCustomerRate}; again within {WithinDays} days {RepeatWithinDays}; repeat customers spend {RepeatSpendRatio.Value:0.00}× one-time customers per year.");
}
