using System.Globalization;

namespace RetentionKit;

/// <summary>
/// A fraction with the counts behind it. A zero denominator makes it undefined: <see cref="Value"/> is
/// NaN and <see cref="UndefinedReason"/> says why (spec: never 0, never an exception).
/// </summary>
/// <param name="Numerator">What is counted (customers, units, money).</param>
/// <param name="Denominator">What it is counted against.</param>
/// <param name="UndefinedReason">Why the rate is undefined, or null when it is defined.</param>
public readonly record struct Rate(double Numerator, double Denominator, string? UndefinedReason = null)
{
    /// <summary>The fraction (0.7 for 70 %), or NaN when undefined.</summary>
    public double Value => IsDefined ? Numerator / Denominator : double.NaN;

    /// <summary>Whether the denominator is non-zero (and both parts are numbers).</summary>
    public bool IsDefined => Denominator != 0 && !double.IsNaN(Denominator) && !double.IsNaN(Numerator);

    /// <summary>numerator / denominator, undefined with <paramref name="reasonIfZero"/> when the denominator is 0.</summary>
    public static Rate Of(double numerator, double denominator, string reasonIfZero) =>
        new(numerator, denominator, denominator == 0 || double.IsNaN(denominator) || double.IsNaN(numerator) ? reasonIfZero : null);

    /// <summary>"70.0 %" or "undefined (reason)".</summary>
    public override string ToString() =>
        IsDefined ? (Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : $"undefined ({UndefinedReason})";
}
