using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Revenue;

/// <summary>Direction of existing-customer revenue over the periods (seed 000 calls stagnation dangerous).</summary>
public enum RevenueTrend
{
    /// <summary>Not enough periods with a defined growth rate.</summary>
    Undefined,
    /// <summary>Existing customers spend more period after period.</summary>
    Rising,
    /// <summary>Neither clearly up nor down.</summary>
    Stagnant,
    /// <summary>Existing customers spend less period after period.</summary>
    Falling,
}

/// <summary>
/// Revenue retention of one period (spec §4). "Start customers" are the period's S (active in the previous period);
/// revenues are net (orders less returns) of identified customers.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="StartCustomersPreviousRevenue">Σ rev(k−1) over the S customers.</param>
/// <param name="StartCustomersRevenue">Σ rev(k) over the same customers.</param>
/// <param name="LostCustomerRevenue">rev(k−1) of the S customers who did not order in k.</param>
/// <param name="Contraction">How much less the retained customers spent: Σ max(0, rev(k−1) − rev(k)).</param>
/// <param name="Expansion">How much more the retained customers spent: Σ max(0, rev(k) − rev(k−1)).</param>
/// <param name="RevenueChurn">Σ (rev(k−1) − min(rev(k), rev(k−1))) / Σ rev(k−1): the lost customers' revenue plus the
/// contraction of the rest (returns a lost customer sends back in k count as contraction), so GRR + revenue churn = 100 %.</param>
/// <param name="LostCustomerRevenueChurn">Lost customers' revenue alone / Σ rev(k−1).</param>
/// <param name="Grr">Gross revenue retention Σ min(rev(k), rev(k−1)) / Σ rev(k−1).</param>
/// <param name="Nrr">Net revenue retention Σ rev(k) / Σ rev(k−1).</param>
/// <param name="ExistingCustomerRevenue">Revenue in k of customers acquired before k.</param>
/// <param name="ExistingCustomerPreviousRevenue">The same customers' revenue in k−1.</param>
/// <param name="ExistingCustomerGrowth">ExistingCustomerRevenue / ExistingCustomerPreviousRevenue − 1 (NaN when the latter is 0).</param>
/// <param name="NetRevenue">All identified customers' net revenue in k.</param>
/// <param name="Orders">Purchase orders in k.</param>
/// <param name="ActiveCustomers">Customers with an order in k (E).</param>
/// <param name="Aov">Average order value: net revenue / orders (seed 002).</param>
/// <param name="PurchaseFrequency">Orders / active customers.</param>
/// <param name="Warnings">Undefined rates and why.</param>
public sealed record RevenuePeriod(
    Period Period, double StartCustomersPreviousRevenue, double StartCustomersRevenue, double LostCustomerRevenue,
    double Contraction, double Expansion, Rate RevenueChurn, Rate LostCustomerRevenueChurn, Rate Grr, Rate Nrr,
    double ExistingCustomerRevenue, double ExistingCustomerPreviousRevenue, double ExistingCustomerGrowth,
    double NetRevenue, long Orders, long ActiveCustomers, Rate Aov, Rate PurchaseFrequency, IReadOnlyList<string> Warnings)
{
    /// <summary>The revenue lost in the period as an amount of money: Σ rev(k−1) − Σ min(rev(k), rev(k−1)) (seed 000 states churn as a number).</summary>
    public double RevenueLost => StartCustomersPreviousRevenue - Grr.Numerator;

    /// <summary>GRR + revenue churn = 100 %, with this row's numbers.</summary>
    public string Identity => Grr.IsDefined ? $"GRR {Grr} + revenue churn {RevenueChurn} = 100 %" : "undefined";
}

/// <summary>Revenue retention per period, with the existing-customer revenue trend.</summary>
/// <param name="Length">The period unit.</param>
/// <param name="Periods">One row per period.</param>
/// <param name="Trend">Rising, stagnant or falling existing-customer revenue.</param>
/// <param name="TrendExplanation">How the trend was read.</param>
/// <param name="StagnationBand">Median growth per period within ± this is "stagnant".</param>
/// <param name="Warnings">No money in the data, short period, and the like.</param>
public sealed record RevenueRetention(
    PeriodLength Length, IReadOnlyList<RevenuePeriod> Periods, RevenueTrend Trend, string TrendExplanation, double StagnationBand,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Computes revenue retention per period of <paramref name="grid"/>.</summary>
    /// <param name="history">Orders per customer.</param>
    /// <param name="grid">The periods.</param>
    /// <param name="stagnationBand">Median growth within ± this is "stagnant".</param>
    /// <param name="cycle">The purchase cycle for the short-period warning; measured from the data when null.</param>
    public static RevenueRetention Compute(OrderHistory history, PeriodGrid grid, double stagnationBand = 0.02, PurchaseCycle? cycle = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(grid);
        var a = PeriodActivity.Build(history, grid);
        return From(a, new PeriodTally(a), cycle ?? PurchaseCycle.Measure(history), stagnationBand);
    }

    internal static RevenueRetention From(PeriodActivity a, PeriodTally t, PurchaseCycle cycle, double band = 0.02)
    {
        var warnings = new List<string>(a.Grid.Warnings);
        var shortPeriod = cycle.ShortPeriodWarning(a.Grid.Length);
        if (shortPeriod is not null) warnings.Add(shortPeriod);
        bool money = a.History.HasMoney;
        if (!money) warnings.Add("the data has no amounts (nor quantity and unit price): revenue metrics are undefined.");
        const string noMoney = "the data has no amounts";
        var rows = new List<RevenuePeriod>(t.P);
        for (int k = 0; k < t.P; k++)
        {
            var w = new List<string>();
            if (shortPeriod is not null) w.Add(shortPeriod);
            string zeroPrev = t.S[k] == 0 ? "no customers at the start of the period (S = 0)" : "the start customers had no revenue in the previous period";
            Rate R(double num, double den, string why) => money ? Rate.Of(num, den, why) : new Rate(double.NaN, double.NaN, noMoney);
            var churn = R(t.RevPrev[k] - t.RevMin[k], t.RevPrev[k], zeroPrev);
            var lostChurn = R(t.RevLost[k], t.RevPrev[k], zeroPrev);
            var grr = R(t.RevMin[k], t.RevPrev[k], zeroPrev);
            var nrr = R(t.RevCur[k], t.RevPrev[k], zeroPrev);
            double growth = money && t.ExistingPrev[k] != 0 ? t.ExistingCur[k] / t.ExistingPrev[k] - 1 : double.NaN;
            var aov = R(t.NetRevenue[k], t.Orders[k], "no orders in the period");
            var freq = Rate.Of(t.Orders[k], t.E[k], "no active customers in the period");
            if (money && !churn.IsDefined) w.Add($"revenue churn, GRR and NRR are undefined: {zeroPrev}.");
            if (money && t.RevPrev[k] < 0) w.Add("the start customers' previous revenue is negative (returns exceeded orders): revenue rates are not meaningful.");
            rows.Add(new RevenuePeriod(a.Grid.Periods[k], t.RevPrev[k], t.RevCur[k], t.RevLost[k], t.Contraction[k], t.Expansion[k],
                churn, lostChurn, grr, nrr, t.ExistingCur[k], t.ExistingPrev[k], growth, t.NetRevenue[k], t.Orders[k], t.E[k], aov, freq, w));
        }
        var (trend, why) = ReadTrend(rows.Select(r => r.ExistingCustomerGrowth).ToList(), band);
        return new RevenueRetention(a.Grid.Length, rows, trend, why, band, warnings);
    }

    /// <summary>The median of the defined period-on-period growth rates against ± <paramref name="band"/>: robust to one odd period.</summary>
    internal static (RevenueTrend, string) ReadTrend(IReadOnlyList<double> growth, double band)
    {
        var defined = growth.Where(g => !double.IsNaN(g) && !double.IsInfinity(g)).ToList();
        if (defined.Count < 2)
            return (RevenueTrend.Undefined, $"the trend needs at least 2 periods with a defined existing-customer growth rate; there {(defined.Count == 1 ? "is 1" : $"are {defined.Count}")}.");
        double median = Stats.Median(defined);
        var trend = median > band ? RevenueTrend.Rising : median < -band ? RevenueTrend.Falling : RevenueTrend.Stagnant;
        return (trend, string.Create(CultureInfo.InvariantCulture,
            $"median existing-customer revenue growth {median:+0.0%;-0.0%} per period over {defined.Count} periods; stagnant within ±{band:0.#%}"));
    }

    /// <summary>One row per period.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Start", Periods.Select(p => p.Period.Start))
        .Add("NetRevenue", Periods.Select(p => p.NetRevenue))
        .Add("StartCustomersPreviousRevenue", Periods.Select(p => p.StartCustomersPreviousRevenue))
        .Add("StartCustomersRevenue", Periods.Select(p => p.StartCustomersRevenue))
        .Add("RevenueChurn", Periods.Select(p => p.RevenueChurn)).Add("LostCustomerRevenueChurn", Periods.Select(p => p.LostCustomerRevenueChurn))
        .Add("GRR", Periods.Select(p => p.Grr)).Add("NRR", Periods.Select(p => p.Nrr))
        .Add("ExistingCustomerGrowth", Periods.Select(p => p.ExistingCustomerGrowth))
        .Add("Orders", Periods.Select(p => p.Orders)).Add("ActiveCustomers", Periods.Select(p => p.ActiveCustomers))
        .Add("AOV", Periods.Select(p => p.Aov)).Add("PurchaseFrequency", Periods.Select(p => p.PurchaseFrequency))
        .Add("Warnings", Periods.Select(p => string.Join(" ", p.Warnings.Except(Warnings))))
        .Build();

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Revenue retention per {Length.Name}; existing-customer revenue: {Trend} ({TrendExplanation.TrimEnd('.')})\n");
        foreach (var p in Periods)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Period.Start:yyyy-MM-dd}  GRR {p.Grr}  NRR {p.Nrr}  revenue churn {p.RevenueChurn} ({p.RevenueLost:N2} lost)  AOV {p.Aov.Value:0.00}  frequency {p.PurchaseFrequency.Value:0.00}\n");
            foreach (var w in p.Warnings.Except(Warnings)) sb.Append("    note: ").Append(w).Append('\n');
        }
        return sb.ToString();
    }
}
