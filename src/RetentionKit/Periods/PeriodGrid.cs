namespace RetentionKit.Periods;

/// <summary>
/// Consecutive complete periods covering an observation window, plus the one period before it
/// (the start of the first period's <c>S</c>). Days map to periods through a lookup table, so the
/// inner loops do one array read per order.
/// </summary>
public sealed class PeriodGrid
{
    private readonly int _firstDay;       // day number of the base period's start
    private readonly int[] _periodOfDay;  // index into Periods (−1 = the base period)

    private PeriodGrid(PeriodLength length, Period basePeriod, IReadOnlyList<Period> periods, IReadOnlyList<string> warnings)
    {
        Length = length; BasePeriod = basePeriod; Periods = periods; Warnings = warnings;
        _firstDay = DayNumber(basePeriod.Start);
        int lastDay = DayNumber(periods.Count > 0 ? periods[^1].End : basePeriod.End);
        _periodOfDay = new int[lastDay - _firstDay];
        int k = -1;
        var end = basePeriod.End;
        for (int d = 0; d < _periodOfDay.Length; d++)
        {
            var day = basePeriod.Start.AddDays(d);
            while (k + 1 < periods.Count && day >= end) { k++; end = periods[k].End; }
            _periodOfDay[d] = k;
        }
    }

    /// <summary>The period unit.</summary>
    public PeriodLength Length { get; }
    /// <summary>The complete periods in the window, oldest first.</summary>
    public IReadOnlyList<Period> Periods { get; }
    /// <summary>The period just before the window; customers active in it are the first period's S.</summary>
    public Period BasePeriod { get; }
    /// <summary>The window: the start of the first period to the end of the last.</summary>
    public Period Window => Periods.Count > 0 ? new Period(Periods[0].Start, Periods[^1].End) : new Period(BasePeriod.End, BasePeriod.End);
    /// <summary>What was left out (partial periods) and why.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Day number used by the lookups (days since 0001-01-01).</summary>
    internal static int DayNumber(DateTime t) => (int)(t.Ticks / TimeSpan.TicksPerDay);

    /// <summary>Index of the period holding day number <paramref name="day"/>: −1 for the base period, <see cref="Before"/> earlier, <see cref="After"/> later.</summary>
    internal int PeriodOfDay(int day)
    {
        int d = day - _firstDay;
        if (d < 0) return Before;
        if (d >= _periodOfDay.Length) return After;
        return _periodOfDay[d];
    }

    internal const int Before = int.MinValue / 2;
    internal const int After = int.MaxValue / 2;

    /// <summary>Index of the period holding <paramref name="instant"/> (see <see cref="PeriodOfDay"/>).</summary>
    public int IndexOf(DateTime instant) => PeriodOfDay(DayNumber(instant));

    /// <summary>
    /// The complete periods of <paramref name="length"/> inside [<paramref name="from"/>, <paramref name="to"/>).
    /// Calendar periods start on calendar boundaries (weeks on Monday): a partly covered first or last period
    /// is left out with a warning, because a half-observed period shows churn that did not happen.
    /// </summary>
    /// <exception cref="ArgumentException">to is not after from.</exception>
    public static PeriodGrid Create(PeriodLength length, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(length);
        if (to <= from) throw new ArgumentException($"The window end {to:yyyy-MM-dd} must be after its start {from:yyyy-MM-dd}.", nameof(to));
        var warnings = new List<string>();
        var start = length.AlignDown(from);
        if (start < from)
        {
            var next = length.Next(start);
            warnings.Add($"{from:yyyy-MM-dd} is inside a {length.Name}; the partial {length.Name} [{from:yyyy-MM-dd}, {next:yyyy-MM-dd}) is left out.");
            start = next;
        }
        var periods = new List<Period>();
        var s = start;
        while (true)
        {
            var e = length.Next(s);
            if (e > to) break;
            periods.Add(new Period(s, e));
            s = e;
        }
        if (s < to)
            warnings.Add($"the last {length.Name} [{s:yyyy-MM-dd}, {length.Next(s):yyyy-MM-dd}) is only observed until {to:yyyy-MM-dd} and is left out.");
        if (periods.Count == 0)
            warnings.Add($"the window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) holds no complete {length.Name}.");
        return new PeriodGrid(length, new Period(length.Previous(start), start), periods, warnings);
    }
}
