using System.Globalization;

namespace RetentionKit.Periods;

/// <summary>A half-open interval [<see cref="Start"/>, <see cref="End"/>): the start instant is in it, the end instant is not.</summary>
public readonly record struct Period(DateTime Start, DateTime End)
{
    /// <summary>Length in days.</summary>
    public double Days => (End - Start).TotalDays;

    /// <summary>Start inclusive, end exclusive.</summary>
    public bool Contains(DateTime instant) => Start <= instant && instant < End;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Start:yyyy-MM-dd}, {End:yyyy-MM-dd})");
}
