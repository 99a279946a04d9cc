namespace RetentionKit.Data;

/// <summary>
/// The rule for dates far outside the bulk of the data: outside [Q1 − f, Q3 + f] where Q1 and Q3 are the quartiles of
/// the lines' days and f = max(10 × (Q3 − Q1), 10 years). A year of data keeps ten years either side; a year typed
/// 0201, 2099 or 1850 is out. With fewer than 20 lines no date is called outlying.
/// </summary>
public static class OutlyingDates
{
    /// <summary>The fences, or null when there are too few lines to tell.</summary>
    public static (DateTime Q1, DateTime Q3, DateTime From, DateTime To)? Fences(IReadOnlyDictionary<int, int> lineCountsByDay)
    {
        ArgumentNullException.ThrowIfNull(lineCountsByDay);
        long total = lineCountsByDay.Values.Sum(v => (long)v);
        if (total < 20) return null;
        var sorted = lineCountsByDay.OrderBy(p => p.Key).ToList();
        int Quantile(double q)
        {
            long target = (long)Math.Ceiling(q * total), seen = 0;
            foreach (var (day, n) in sorted) { seen += n; if (seen >= target) return day; }
            return sorted[^1].Key;
        }
        int q1 = Quantile(0.25), q3 = Quantile(0.75);
        int f = Math.Max(10 * (q3 - q1), 3653);
        static DateTime Day(long d) => new(Math.Clamp(d, 0, DateTime.MaxValue.Ticks / TimeSpan.TicksPerDay - 1) * TimeSpan.TicksPerDay);
        return (Day(q1), Day(q3), Day((long)q1 - f), Day((long)q3 + f + 1));
    }
}
