using System.Globalization;

namespace RetentionKit.Periods;

/// <summary>Calendar units a period can have (spec §1).</summary>
public enum PeriodUnit
{
    /// <summary>ISO week, Monday to Monday.</summary>
    Week,
    /// <summary>Calendar month.</summary>
    Month,
    /// <summary>Calendar quarter (January, April, July, October).</summary>
    Quarter,
    /// <summary>Calendar half-year (January, July).</summary>
    HalfYear,
    /// <summary>Calendar year.</summary>
    Year,
    /// <summary>A fixed number of days counted from the window start.</summary>
    Custom,
}

/// <summary>A period unit, with the day count for <see cref="PeriodUnit.Custom"/>.</summary>
public sealed record PeriodLength
{
    private PeriodLength(PeriodUnit unit, int days) { Unit = unit; CustomDays = days; }

    /// <summary>The unit.</summary>
    public PeriodUnit Unit { get; }
    /// <summary>Length in days for custom periods; 0 otherwise.</summary>
    public int CustomDays { get; }

    public static PeriodLength Week { get; } = new(PeriodUnit.Week, 0);
    public static PeriodLength Month { get; } = new(PeriodUnit.Month, 0);
    public static PeriodLength Quarter { get; } = new(PeriodUnit.Quarter, 0);
    public static PeriodLength HalfYear { get; } = new(PeriodUnit.HalfYear, 0);
    public static PeriodLength Year { get; } = new(PeriodUnit.Year, 0);

    /// <summary>Calendar units from shortest to longest: the candidates for the recommended period.</summary>
    public static IReadOnlyList<PeriodLength> Calendar { get; } = [Week, Month, Quarter, HalfYear, Year];

    /// <summary>A period of <paramref name="days"/> days counted from the window start.</summary>
    /// <exception cref="ArgumentOutOfRangeException">days is not positive.</exception>
    public static PeriodLength Days(int days)
    {
        if (days <= 0) throw new ArgumentOutOfRangeException(nameof(days), days, "A custom period must be at least one day long.");
        if (days > 36_525) throw new ArgumentOutOfRangeException(nameof(days), days, $"A custom period of {days:N0} days is longer than a century; use years.");
        return new PeriodLength(PeriodUnit.Custom, days);
    }

    /// <summary>Average length in days (a month is 365.25 / 12 = 30.44 days); used to compare with the purchase cycle.</summary>
    public double NominalDays => Unit switch
    {
        PeriodUnit.Week => 7,
        PeriodUnit.Month => 365.25 / 12,
        PeriodUnit.Quarter => 365.25 / 4,
        PeriodUnit.HalfYear => 365.25 / 2,
        PeriodUnit.Year => 365.25,
        _ => CustomDays,
    };

    /// <summary>"week", "month", "quarter", "half-year", "year" or "14 days".</summary>
    public string Name => Unit switch
    {
        PeriodUnit.Week => "week",
        PeriodUnit.Month => "month",
        PeriodUnit.Quarter => "quarter",
        PeriodUnit.HalfYear => "half-year",
        PeriodUnit.Year => "year",
        _ => CustomDays.ToString(CultureInfo.InvariantCulture) + " days",
    };

    /// <summary>Parses week, month, quarter, half-year, year, or a number of days ("14" or "14d").</summary>
    /// <exception cref="ArgumentException">Not one of those.</exception>
    public static PeriodLength Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "week" or "weekly" or "w": return Week;
            case "month" or "monthly" or "m": return Month;
            case "quarter" or "quarterly" or "q": return Quarter;
            case "half-year" or "halfyear" or "half_year" or "h": return HalfYear;
            case "year" or "yearly" or "annual" or "y": return Year;
        }
        var digits = t.EndsWith("days", StringComparison.Ordinal) ? t[..^4].Trim() : t.TrimEnd('d');
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int days) && days > 0) return Days(days);
        throw new ArgumentException($"Unknown period '{text}': expected week, month, quarter, half-year, year, or a number of days such as 14d.", nameof(text));
    }

    /// <summary>The start of the period containing <paramref name="date"/> (calendar units), or <paramref name="date"/>'s day for custom periods.</summary>
    public DateTime AlignDown(DateTime date)
    {
        var d = date.Date;
        return Unit switch
        {
            PeriodUnit.Week => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)),
            PeriodUnit.Month => new DateTime(d.Year, d.Month, 1),
            PeriodUnit.Quarter => new DateTime(d.Year, (d.Month - 1) / 3 * 3 + 1, 1),
            PeriodUnit.HalfYear => new DateTime(d.Year, d.Month <= 6 ? 1 : 7, 1),
            PeriodUnit.Year => new DateTime(d.Year, 1, 1),
            _ => d,
        };
    }

    /// <summary>The start of the next period after the one starting at <paramref name="start"/>.</summary>
    public DateTime Next(DateTime start) => Unit switch
    {
        PeriodUnit.Week => start.AddDays(7),
        PeriodUnit.Month => start.AddMonths(1),
        PeriodUnit.Quarter => start.AddMonths(3),
        PeriodUnit.HalfYear => start.AddMonths(6),
        PeriodUnit.Year => start.AddYears(1),
        _ => start.AddDays(CustomDays),
    };

    /// <summary>The start of the period before the one starting at <paramref name="start"/>.</summary>
    public DateTime Previous(DateTime start) => Unit switch
    {
        PeriodUnit.Week => start.AddDays(-7),
        PeriodUnit.Month => start.AddMonths(-1),
        PeriodUnit.Quarter => start.AddMonths(-3),
        PeriodUnit.HalfYear => start.AddMonths(-6),
        PeriodUnit.Year => start.AddYears(-1),
        _ => start.AddDays(-CustomDays),
    };

    public override string ToString() => Name;
}
