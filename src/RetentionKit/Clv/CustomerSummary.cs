using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;

namespace RetentionKit.Clv;

/// <summary>The unit the models measure time in.</summary>
public enum TimeUnit
{
    /// <summary>One day.</summary>
    Day,
    /// <summary>Seven days.</summary>
    Week,
    /// <summary>365.25 / 12 = 30.44 days.</summary>
    Month,
}

/// <summary>
/// The per-customer statistics the buy-till-you-die models read, defined here and nowhere else:
/// <list type="bullet">
/// <item><b>frequency</b>: the number of repeat purchases. Purchases on the same calendar day merge into one
/// (the BG/NBD paper's convention), so frequency = distinct purchase days − 1.</item>
/// <item><b>recency</b>: the time from the first to the last purchase day.</item>
/// <item><b>T</b>: the time from the first purchase day to the last observed day (the day before an observation end at
/// midnight). Purchases are day points, so a purchase on the last observed day has recency = T; this is the
/// convention of Hardie's CDNOW summary (T = 38.86 weeks for a first purchase on 1 January with a 39-week calibration).</item>
/// <item><b>monetaryValue</b>: the mean value of the repeat purchase days (the first is left out); NaN without repeats.</item>
/// </list>
/// Times are fractional in <see cref="Unit"/> (10 days are 1.43 weeks). Only purchases before the observation end
/// count, and only customers whose first purchase is before it are in the summary. A calibration/holdout split keeps
/// every customer first seen in the calibration window and counts their purchase days in the holdout.
/// </summary>
public sealed class CustomerSummary
{
    internal CustomerSummary(TimeUnit unit, DateTime observationEnd, string[] ids, int[] frequency, double[] recency, double[] t,
        double[] monetary, int[]? holdoutFrequency, DateTime? holdoutEnd)
    {
        Unit = unit; ObservationEnd = observationEnd; CustomerIds = ids; Frequency = frequency; Recency = recency; T = t;
        MonetaryValue = monetary; HoldoutFrequency = holdoutFrequency; HoldoutEnd = holdoutEnd;
    }

    /// <summary>The time unit.</summary>
    public TimeUnit Unit { get; }
    /// <summary>End of the (calibration) observation, exclusive.</summary>
    public DateTime ObservationEnd { get; }
    /// <summary>Customer ids, one per row.</summary>
    public IReadOnlyList<string> CustomerIds { get; }
    /// <summary>Repeat purchases (distinct purchase days − 1).</summary>
    public IReadOnlyList<int> Frequency { get; }
    /// <summary>First to last purchase day, in <see cref="Unit"/>.</summary>
    public IReadOnlyList<double> Recency { get; }
    /// <summary>First purchase day to the last observed day, in <see cref="Unit"/>.</summary>
    public IReadOnlyList<double> T { get; }
    /// <summary>Mean value of the repeat purchase days; NaN with no repeats.</summary>
    public IReadOnlyList<double> MonetaryValue { get; }
    /// <summary>Purchase days in the holdout [ObservationEnd, HoldoutEnd), when split.</summary>
    public IReadOnlyList<int>? HoldoutFrequency { get; }
    /// <summary>End of the holdout, exclusive, when split.</summary>
    public DateTime? HoldoutEnd { get; }
    /// <summary>Holdout length in <see cref="Unit"/> (0 without a holdout).</summary>
    public double HoldoutDuration => HoldoutEnd is { } e ? (e - ObservationEnd).TotalDays / DaysPer(Unit) : 0;
    /// <summary>Number of customers.</summary>
    public int Count => CustomerIds.Count;

    /// <summary>Days in one unit.</summary>
    public static double DaysPer(TimeUnit unit) => unit switch { TimeUnit.Day => 1, TimeUnit.Week => 7, _ => 365.25 / 12 };

    /// <summary>Summarises purchases before <paramref name="observationEnd"/>.</summary>
    public static CustomerSummary From(OrderHistory history, TimeUnit unit, DateTime observationEnd) => Build(history, unit, observationEnd, null);

    /// <summary>
    /// Calibration/holdout split: the summary covers purchases before <paramref name="calibrationEnd"/> of customers first
    /// seen before it; <see cref="HoldoutFrequency"/> counts their purchase days in [calibrationEnd, observationEnd).
    /// </summary>
    /// <exception cref="ArgumentException">The observation end is not after the calibration end.</exception>
    public static CustomerSummary CalibrationHoldout(OrderHistory history, TimeUnit unit, DateTime calibrationEnd, DateTime observationEnd)
    {
        if (observationEnd <= calibrationEnd)
            throw new ArgumentException($"The observation end {observationEnd:yyyy-MM-dd} must be after the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(observationEnd));
        return Build(history, unit, calibrationEnd, observationEnd);
    }

    private static CustomerSummary Build(OrderHistory h, TimeUnit unit, DateTime end, DateTime? holdoutEnd)
    {
        ArgumentNullException.ThrowIfNull(h);
        double perUnit = DaysPer(unit) * TimeSpan.TicksPerDay;
        var ids = new List<string>(); var freq = new List<int>(); var rec = new List<double>(); var tt = new List<double>();
        var mon = new List<double>(); var hold = holdoutEnd is null ? null : new List<int>();
        long endTicks = end.Ticks, holdTicks = holdoutEnd?.Ticks ?? 0;
        long lastObservedDay = (endTicks - 1) / TimeSpan.TicksPerDay;
        for (int c = 0; c < h.CustomerCount; c++)
        {
            int s = h.OrderStart[c], e = h.OrderStart[c + 1];
            if (s == e || h.OrderTicks[s] >= endTicks) continue;
            int firstDay = h.OrderDay[s], lastDay = firstDay, days = 1, holdDays = 0, prevHoldDay = int.MinValue;
            double repeatValue = 0, dayValue = 0;
            for (int i = s; i < e; i++)
            {
                long tk = h.OrderTicks[i];
                int d = h.OrderDay[i];
                if (tk >= endTicks)
                {
                    if (hold is not null && tk < holdTicks && d != prevHoldDay) { holdDays++; prevHoldDay = d; }
                    continue;
                }
                if (d != lastDay) { if (lastDay != firstDay) repeatValue += dayValue; dayValue = 0; days++; lastDay = d; }
                dayValue += h.OrderValue[i];
            }
            if (lastDay != firstDay) repeatValue += dayValue;
            ids.Add(h.CustomerIds[c]);
            freq.Add(days - 1);
            rec.Add((lastDay - firstDay) * TimeSpan.TicksPerDay / perUnit);
            tt.Add((lastObservedDay - firstDay) * TimeSpan.TicksPerDay / perUnit);
            mon.Add(days > 1 ? repeatValue / (days - 1) : double.NaN);
            hold?.Add(holdDays);
        }
        return new CustomerSummary(unit, end, ids.ToArray(), freq.ToArray(), rec.ToArray(), tt.ToArray(), mon.ToArray(), hold?.ToArray(), holdoutEnd);
    }

    /// <summary>A summary from given statistics (simulations, other tools), validated.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a row breaks 0 ≤ recency ≤ T, frequency ≥ 0, or recency = 0 with repeats.</exception>
    public static CustomerSummary FromStatistics(TimeUnit unit, IReadOnlyList<int> frequency, IReadOnlyList<double> recency, IReadOnlyList<double> t,
        IReadOnlyList<double>? monetaryValue = null, IReadOnlyList<string>? customerIds = null)
    {
        int n = frequency.Count;
        if (recency.Count != n || t.Count != n || (monetaryValue is not null && monetaryValue.Count != n) || (customerIds is not null && customerIds.Count != n))
            throw new ArgumentException("frequency, recency, T (and monetary value and ids when given) must have the same length.");
        for (int i = 0; i < n; i++)
        {
            if (frequency[i] < 0 || !(recency[i] >= 0) || recency[i] > t[i] + 1e-9 || !double.IsFinite(t[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Row {i + 1}: frequency {frequency[i]}, recency {recency[i]}, T {t[i]} break 0 ≤ recency ≤ T, frequency ≥ 0."));
            if (frequency[i] == 0 && recency[i] != 0)
                throw new ArgumentException($"Row {i + 1}: recency must be 0 without repeat purchases.");
        }
        return new CustomerSummary(unit, default, customerIds?.ToArray() ?? Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            frequency.ToArray(), recency.ToArray(), t.ToArray(), monetaryValue?.ToArray() ?? Enumerable.Repeat(double.NaN, n).ToArray(), null, null);
    }

    /// <summary>One row per customer.</summary>
    public DataFrame ToDataFrame()
    {
        var b = new FrameBuilder().Add("CustomerId", CustomerIds).Add("Frequency", Frequency).Add("Recency", Recency).Add("T", T).Add("MonetaryValue", MonetaryValue);
        if (HoldoutFrequency is not null) b.Add("HoldoutFrequency", HoldoutFrequency);
        return b.Build();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Count:N0} customers observed until {ObservationEnd:yyyy-MM-dd} in {Unit.ToString().ToLowerInvariant()}s; {Frequency.Count(f => f > 0):N0} with repeat purchases.");
}
