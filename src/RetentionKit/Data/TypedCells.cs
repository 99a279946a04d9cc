using System.Globalization;

namespace RetentionKit.Data;

/// <summary>
/// Values that arrive typed (a workbook's number and date cells, Parquet columns): read as they are, so no culture,
/// thousands separator or day/month order is applied to them; their text form, for ids and messages, is invariant.
/// </summary>
internal static class TypedCells
{
    // Excel's serial dates run from 1 (1900-01-01) to 2,958,465 (9999-12-31).
    private const double LastSerial = 2_958_466;

    /// <summary>The text of a typed value: numbers round-trip without grouping or exponent, dates ISO.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => Iso(t),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => Iso(o.DateTime),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Iso(DateTime t) => t.TimeOfDay == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : t.ToString(t.Millisecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Number(double d)
    {
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15) return ((long)d).ToString(CultureInfo.InvariantCulture);
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Contains('E') ? d.ToString("0.#################", CultureInfo.InvariantCulture) : r;
    }

    /// <summary>A typed value as a number; a date or a flag in a number column is a rejection, with the reason.</summary>
    public static bool TryNumber(object value, out double x, out string? why)
    {
        why = null;
        switch (value)
        {
            case double d: x = d; break;
            case float f: x = f; break;
            case decimal m: x = (double)m; break;
            case int or long or short or byte or sbyte or uint or ulong or ushort: x = Convert.ToDouble(value, CultureInfo.InvariantCulture); break;
            case DateTime or DateOnly or DateTimeOffset: x = double.NaN; why = "is a date cell; expected a number"; return false;
            case bool: x = double.NaN; why = "is a true/false cell; expected a number"; return false;
            default: x = double.NaN; why = $"is a {value.GetType().Name} value; expected a number"; return false;
        }
        if (double.IsFinite(x)) return true;
        why = "is not a finite number";
        return false;
    }

    /// <summary>A record of typed cells as one line of text (its fields' text, comma-joined), for messages and the duplicate check.</summary>
    public static ReadOnlySpan<char> Raw(IRecordSource src) => string.Join(",", Enumerable.Range(0, src.FieldCount).Select(i => src.Field(i).ToString())).AsSpan();

    /// <summary>Whether a value that <see cref="TryDate"/> read as a date was a number, so a spreadsheet serial date.</summary>
    public static bool IsSerial(object value) => value is not (DateTime or DateOnly or DateTimeOffset);

    /// <summary>What the load report says about number cells read as serial dates in <paramref name="where"/>.</summary>
    public static string SerialNote(long count, string where) =>
        $"{where}: {count:N0} number cells read as Excel serial dates (days since 1899-12-30, the fraction the time of day); format them as dates in the workbook if they are something else.";

    /// <summary>
    /// A typed value as a timestamp: date cells and date columns as they are; in a workbook a number is its serial date.
    /// Returns null when the value is to be read as text instead (a number such as 20101201 outside the serial range).
    /// </summary>
    public static bool? TryDate(object value, bool serialDates, out DateTime t, out string? why)
    {
        why = null;
        t = default;
        switch (value)
        {
            case DateTime d: t = DateTime.SpecifyKind(d, DateTimeKind.Unspecified); return true;
            case DateOnly d: t = d.ToDateTime(TimeOnly.MinValue); return true;
            case DateTimeOffset o: t = o.DateTime; return true;
            case bool: why = "is a true/false cell; expected a date"; return false;
        }
        if (!TryNumber(value, out double x, out _)) { why = $"is a {value.GetType().Name} value; expected a date"; return false; }
        if (!serialDates) return null;
        // 20101201 is a yyyyMMdd date typed as a number: read as text. Any other number outside the serials is no date.
        if (x == Math.Floor(x) && x is >= 19000101 and <= 99991231) return null;
        if (x < 1 || x >= LastSerial)
        {
            why = "is a number outside Excel's serial dates (1 = 1900-01-01 to 2,958,465 = 9999-12-31); expected a date";
            return false;
        }
        t = DateTime.FromOADate(x);
        // A serial's fraction is the time of day; round to the second, as Excel shows it.
        t = new DateTime((t.Ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
        return true;
    }
}
