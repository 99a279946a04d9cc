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
    public static PeriodGrid Create(PeriodLength length, DateTime from, DateTime to) => Create(length, from, to, null, PeriodAnchor.Calendar);

    /// <summary>
    /// Periods for period-over-period comparisons (retention, revenue retention, cohorts): every compared period and its
    /// base period (the one before it) are fully observed, that is inside [<paramref name="observedFrom"/>,
    /// <paramref name="to"/>). A base that starts before the data is never used: the first complete period becomes
    /// the base instead. With <see cref="PeriodAnchor.Auto"/>, periods start on calendar boundaries or, when that gives
    /// more valid comparisons, on <paramref name="from"/> itself (quarters from 1 December, say); ties go to the calendar.
    /// </summary>
    /// <param name="length">The period unit.</param>
    /// <param name="from">Window start (inclusive).</param>
    /// <param name="to">Window end (exclusive): the first day not observed.</param>
    /// <param name="observedFrom">The first day the data covers; null when the data before <paramref name="from"/> is complete.</param>
    /// <param name="anchor">Where periods start.</param>
    /// <exception cref="ArgumentException">to is not after from.</exception>
    public static PeriodGrid Create(PeriodLength length, DateTime from, DateTime to, DateTime? observedFrom, PeriodAnchor anchor = PeriodAnchor.Auto)
    {
        ArgumentNullException.ThrowIfNull(length);
        if (to <= from) throw new ArgumentException($"The window end {to:yyyy-MM-dd} must be after its start {from:yyyy-MM-dd}.", nameof(to));
        if (anchor != PeriodAnchor.Auto) return Build(length, from, to, observedFrom, anchor == PeriodAnchor.WindowStart, null);
        var calendar = Build(length, from, to, observedFrom, false, null);
        if (length.AlignDown(from) == from) return calendar; // the calendar already starts on the first day
        var anchored = Build(length, from, to, observedFrom, true, calendar.Periods.Count);
        return anchored.Periods.Count > calendar.Periods.Count ? anchored : calendar;
    }

    private static PeriodGrid Build(PeriodLength length, DateTime from, DateTime to, DateTime? observedFrom, bool anchored, int? calendarComparisons)
    {
        var warnings = new List<string>();
        var start = anchored ? from.Date : length.AlignDown(from);
        if (start < from)
        {
            var next = length.Next(start);
            warnings.Add($"{from:yyyy-MM-dd} is inside a {length.Name}; the partial {length.Name} [{from:yyyy-MM-dd}, {next:yyyy-MM-dd}) is left out.");
            start = next;
        }
        var complete = new List<Period>();
        var s = start;
        while (true)
        {
            var e = length.Next(s);
            if (e > to) break;
            complete.Add(new Period(s, e));
            s = e;
        }
        if (s < to)
            warnings.Add($"the last {length.Name} [{s:yyyy-MM-dd}, {length.Next(s):yyyy-MM-dd}) is only observed until {to:yyyy-MM-dd} and is left out.");
        var basePeriod = new Period(length.Previous(start), start);
        var periods = complete;
        if (observedFrom is { } observed && basePeriod.Start < observed.Date && complete.Count > 0)
        {
            // The period before the first complete one is partly before the data: it cannot be a base.
            basePeriod = complete[0];
            periods = complete.Skip(1).ToList();
            warnings.Add($"the data starts {observed:yyyy-MM-dd}, so the {length.Name} before {complete[0].Start:yyyy-MM-dd} is not fully observed; the first complete {length.Name} {complete[0]} is the base of the first comparison and is not itself compared.");
        }
        if (anchored && calendarComparisons is { } c)
            warnings.Add($"{length.Name}s are counted from {start:yyyy-MM-dd}, not from calendar boundaries: that gives {periods.Count} comparisons of fully observed {length.Name}s, calendar {length.Name}s {c}.");
        if (periods.Count == 0)
            warnings.Add($"the window [{from:yyyy-MM-dd}, {to:yyyy-MM-dd}) holds {complete.Count} complete {length.Name}{(complete.Count == 1 ? "" : "s")}; a comparison needs a fully observed {length.Name} and the one before it, so there is none.");
        return new PeriodGrid(length, basePeriod, periods, warnings);
    }
}

/// <summary>Where the periods of a comparison grid start.</summary>
public enum PeriodAnchor
{
    /// <summary>Calendar periods, or periods from the window start when that gives more fully observed comparisons.</summary>
    Auto,
    /// <summary>Calendar boundaries (weeks on Monday, months on the 1st, quarters in January, April, July, October).</summary>
    Calendar,
    /// <summary>Periods of the unit's length starting on the window's first day.</summary>
    WindowStart,
}
