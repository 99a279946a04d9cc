using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Retention;

/// <summary>One calendar month of <see cref="LapseRates"/>.</summary>
/// <param name="Month">The month, start inclusive, end exclusive.</param>
/// <param name="Live">Customers live at the month's start: their last order before it is less than the lapse window old.</param>
/// <param name="Lapsed">Of those, customers whose lapse window ran out during the month without an order.</param>
/// <param name="LapseRate">Lapsed / Live: the monthly churn of customers who have not cancelled anything but stopped buying.</param>
/// <param name="Alert">Whether the lapse rate is above the threshold.</param>
public sealed record LapseMonth(Period Month, long Live, long Lapsed, Rate LapseRate, bool Alert);

/// <summary>
/// Churn on transaction data that can be compared across period lengths and with a monthly threshold such as seed
/// 000's 7 %: a customer counts as churned (lapsed) once <see cref="Cycles"/> purchase cycles have passed without an
/// order, and the rate is, per calendar month, the share of live customers who lapse in it. It does not depend on the
/// measurement period, and a customer who comes back later lapsed all the same (they had stopped, by this rule).
/// Only months whose live set and whose lapses are fully observed are reported: a month must start at least one lapse
/// window after the data starts and end by the data's end.
/// </summary>
/// <param name="CycleDays">The purchase cycle used (median of customers' median intervals).</param>
/// <param name="Cycles">Cycles without an order after which a customer has lapsed.</param>
/// <param name="LapseDays">The lapse window: <see cref="Cycles"/> × <see cref="CycleDays"/>.</param>
/// <param name="Months">The fully observed months, oldest first.</param>
/// <param name="AlertThreshold">The monthly lapse rate above which a month raises the alert.</param>
/// <param name="Warnings">Why months are missing, and what the rate means.</param>
public sealed record LapseRates(double CycleDays, int Cycles, double LapseDays, IReadOnlyList<LapseMonth> Months, double AlertThreshold, IReadOnlyList<string> Warnings)
{
    /// <summary>Measures monthly lapse rates over [<paramref name="observedFrom"/>, <paramref name="to"/>).</summary>
    /// <param name="history">Orders per customer.</param>
    /// <param name="cycle">The purchase cycle; no lapse rate without one.</param>
    /// <param name="observedFrom">The first day the data covers.</param>
    /// <param name="to">The first day not observed.</param>
    /// <param name="cycles">Purchase cycles without an order that make a customer lapsed (default 3, the period rule's three cycles).</param>
    /// <param name="alertThreshold">Monthly rate above which a month is flagged (seed 000: 7 %).</param>
    public static LapseRates Compute(OrderHistory history, PurchaseCycle cycle, DateTime observedFrom, DateTime to, int cycles = 3, double alertThreshold = 0.07)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(cycle);
        if (cycles < 1) throw new ArgumentOutOfRangeException(nameof(cycles), cycles, "the lapse rule needs at least one purchase cycle");
        var warnings = new List<string>();
        double cycleDays = cycle.CycleDays;
        if (!double.IsFinite(cycleDays) || cycleDays <= 0)
        {
            warnings.Add("no purchase cycle could be measured (no customer with two order days), so no lapse rate: a lapse is defined by cycles without an order.");
            return new LapseRates(cycleDays, cycles, double.NaN, [], alertThreshold, warnings);
        }
        double lapseDays = cycles * cycleDays;
        int lapse = (int)Math.Ceiling(lapseDays);
        var first = PeriodLength.Month.AlignDown(observedFrom.Date.AddDays(lapse));
        if (first < observedFrom.Date.AddDays(lapse)) first = first.AddMonths(1);
        var months = new List<Period>();
        for (var m = first; m.AddMonths(1) <= to; m = m.AddMonths(1)) months.Add(new Period(m, m.AddMonths(1)));
        var live = new long[months.Count];
        var lapsed = new long[months.Count];
        var monthStart = months.Select(m => PeriodGrid.DayNumber(m.Start)).ToArray();
        var days = new List<int>();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            days.Clear();
            for (int i = history.OrderStart[c]; i < history.OrderStart[c + 1]; i++)
                if (days.Count == 0 || days[^1] != history.OrderDay[i]) days.Add(history.OrderDay[i]);
            int last = -1; // index of the last order day before the month starts
            for (int j = 0; j < months.Count; j++)
            {
                while (last + 1 < days.Count && days[last + 1] < monthStart[j]) last++;
                if (last < 0 || days[last] + lapse <= monthStart[j]) continue; // not live at the start
                live[j]++;
                // Follow the spells on from that order: each order inside the window (or on its last day) renews it.
                int monthEnd = PeriodGrid.DayNumber(months[j].End), k = last;
                while (k + 1 < days.Count && days[k + 1] <= days[k] + lapse && days[k] + lapse < monthEnd) k++;
                if (days[k] + lapse < monthEnd && (k + 1 >= days.Count || days[k + 1] > days[k] + lapse)) lapsed[j]++;
            }
        }
        var rows = months.Select((m, j) =>
        {
            var rate = Rate.Of(lapsed[j], live[j], "no customer was live at the month's start");
            return new LapseMonth(m, live[j], lapsed[j], rate, rate.IsDefined && rate.Value > alertThreshold);
        }).ToList();
        warnings.Add(string.Create(CultureInfo.InvariantCulture,
            $"a customer lapses after {cycles} purchase cycles ({lapseDays:0.#} days) without an order; months are reported from {first:yyyy-MM-dd}, one lapse window after the data starts ({observedFrom:yyyy-MM-dd}), so every live customer is seen."));
        if (rows.Count == 0) warnings.Add($"the data is too short for a fully observed month of lapses: it needs {lapse} days before the month and the whole month after.");
        return new LapseRates(cycleDays, cycles, lapseDays, rows, alertThreshold, warnings);
    }

    /// <summary>The median monthly lapse rate over the measured months (NaN without any).</summary>
    public double MedianRate => Months.Select(m => m.LapseRate.Value).Where(double.IsFinite).ToList() is { Count: > 0 } v ? Stats.Median(v) : double.NaN;

    /// <summary>One row per month.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Month", Months.Select(m => m.Month.Start))
        .Add("Live", Months.Select(m => m.Live)).Add("Lapsed", Months.Select(m => m.Lapsed))
        .Add("LapseRate", Months.Select(m => m.LapseRate)).Add("Alert", Months.Select(m => m.Alert))
        .Build();

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Monthly lapse rate: lapsed = {Cycles} cycles ({LapseDays:0.#} days) without an order; alert above {AlertThreshold:P0} per month\n");
        foreach (var m in Months)
            sb.Append(CultureInfo.InvariantCulture, $"  {m.Month.Start:yyyy-MM}  live {m.Live}  lapsed {m.Lapsed}  rate {m.LapseRate}{(m.Alert ? "  ALERT" : "")}\n");
        return sb.ToString();
    }
}
