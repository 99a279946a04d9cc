using System.Globalization;

namespace RetentionKit.Data;

/// <summary>
/// Parses numbers in one culture and refuses the silent misreadings that .NET's AllowThousands permits
/// (invariant "2,5" would otherwise become 25). Grouping must be in threes; a culture whose group
/// separator is a no-break space also accepts plain and narrow spaces, as Excel exports them.
/// </summary>
internal sealed class NumberReader
{
    private readonly char _decimal;
    private readonly char _group;
    private readonly bool _groupIsSpace;
    private readonly string _cultureName;

    public NumberReader(CultureInfo culture)
    {
        var nf = culture.NumberFormat;
        _decimal = nf.NumberDecimalSeparator.Length == 1 ? nf.NumberDecimalSeparator[0] : '.';
        _group = nf.NumberGroupSeparator.Length == 1 ? nf.NumberGroupSeparator[0] : ',';
        _groupIsSpace = char.IsWhiteSpace(_group) || _group == '\u202F';
        _cultureName = culture.Name.Length == 0 ? "invariant" : culture.Name;
    }

    private bool IsGroup(char c) => c == _group || (_groupIsSpace && (c == ' ' || c == '\u00A0' || c == '\u202F'));

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="why"/> says what is wrong.</summary>
    public bool TryParse(ReadOnlySpan<char> s, out double value, out string? why)
    {
        s = Cell.Trim(s);
        why = null;
        if (TryPlain(s, out value)) return true;
        value = double.NaN;
        if (s.IsEmpty) { why = "is empty"; return false; }
        Span<char> buf = stackalloc char[Math.Min(s.Length, 128)];
        if (s.Length > 128) { why = "is too long for a number"; return false; }
        int n = 0, digitsInGroup = 0, groups = 0;
        bool seenDecimal = false, seenExp = false, sawDigit = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9') { buf[n++] = c; digitsInGroup++; sawDigit = true; continue; }
            if (c == _decimal && !seenDecimal && !seenExp)
            {
                if (groups > 0 && digitsInGroup != 3) return Fail(s, out why);
                seenDecimal = true; buf[n++] = '.'; continue;
            }
            if (IsGroup(c) && !seenDecimal && !seenExp)
            {
                // first group 1–3 digits, later groups exactly 3
                if (digitsInGroup == 0 || digitsInGroup > 3 || (groups > 0 && digitsInGroup != 3)) return Fail(s, out why);
                groups++; digitsInGroup = 0; continue;
            }
            if ((c == '-' || c == '+' || c == '\u2212') && (n == 0 || buf[n - 1] is 'e' or 'E'))
            { buf[n++] = c == '\u2212' ? '-' : c; continue; }
            if ((c == 'e' || c == 'E') && sawDigit && !seenExp) { seenExp = true; buf[n++] = 'e'; continue; }
            return Fail(s, out why);
        }
        if (groups > 0 && !seenDecimal && digitsInGroup != 3) return Fail(s, out why);
        if (double.TryParse(buf[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
            return true;
        return Fail(s, out why);
    }

    // Exact powers of ten: every one up to 10²² is a double.
    private static readonly double[] Pow10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// Most cells are plain decimals (12, -3, 2.71): at most 15 digits and the culture's decimal separator. Their digits
    /// as a whole number and the power of ten are both exact doubles, so one division, rounded once, gives the nearest
    /// double to the decimal: the same bits the general parser gives, at a fraction of its cost (Clinger's fast path).
    /// </summary>
    private bool TryPlain(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = s.Length > 0 && s[0] == '-';
        if (negative) i = 1;
        long digits = 0;
        int count = 0, fraction = -1;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                digits = digits * 10 + d;
                count++;
                if (fraction >= 0) fraction++;
                continue;
            }
            if (s[i] != _decimal || fraction >= 0) return false;
            fraction = 0;
        }
        if (count == 0 || count > 15) return false;
        double v = fraction > 0 ? digits / Pow10[fraction] : digits;
        value = negative ? -v : v;
        return true;
    }

    private bool Fail(ReadOnlySpan<char> s, out string why)
    {
        why = $"is not a number in culture {_cultureName} (decimal '{_decimal}', thousands '{(_groupIsSpace ? "space" : _group.ToString())}')";
        if (_decimal == '.' && s.IndexOf(',') >= 0 && s.IndexOf('.') < 0)
            why += "; a decimal comma? Load with the file's culture, e.g. da-DK or de-DE";
        return false;
    }
}

/// <summary>
/// Parses timestamps: exact formats when given; otherwise ISO (<c>yyyy-MM-dd[ HH:mm[:ss]]</c>),
/// compact <c>yyyyMMdd</c>, then the culture's own forms. Times with an offset are converted to UTC;
/// times without one are taken as they stand, so no result depends on the machine's time zone.
/// </summary>
internal sealed class DateReader
{
    private readonly CultureInfo _culture;
    private readonly string[]? _formats;
    private readonly bool _cultureDayFirst;
    private const DateTimeStyles Styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    // Day/month order of d/m/y dates under the invariant culture, which has no order of its own to trust: decided
    // by the first date whose day is above 12, and held to; dates that could go either way are counted until then.
    private enum Order { Unknown, DayFirst, MonthFirst }
    private Order _order;
    private long _ambiguousBeforeOrder;
    private string? _firstAmbiguous;

    public DateReader(CultureInfo culture, IReadOnlyList<string>? formats)
    {
        _culture = culture;
        _formats = formats?.ToArray();
        var p = culture.DateTimeFormat.ShortDatePattern;
        _cultureDayFirst = p.IndexOf('d') >= 0 && p.IndexOf('d') < p.IndexOf('M');
    }

    private bool DetectsOrder => _formats is null && _culture.Name.Length == 0;

    /// <summary>How the day/month order was settled, for the load report (null when no d/m/y dates were read this way).</summary>
    public string? OrderNote { get; private set; }

    /// <summary>
    /// Called when the file has been read: d/m/y dates that never showed their order are an error, not a guess.
    /// </summary>
    /// <exception cref="FormatException">Every such date could be read day-first or month-first.</exception>
    public void Finish(string column)
    {
        if (DetectsOrder && _order == Order.Unknown && _ambiguousBeforeOrder > 0)
            throw new FormatException($"column {column}: all {_ambiguousBeforeOrder:N0} dates such as '{_firstAmbiguous}' can be read day-first or month-first, and none has a day above 12 to tell; give --date-format (dd/MM/yyyy or MM/dd/yyyy) or --culture (e.g. en-GB, en-US).");
    }

    public bool TryParse(ReadOnlySpan<char> s, out DateTime value, out string? why)
    {
        s = Cell.Trim(s);
        why = null;
        if (s.IsEmpty) { value = default; why = "is empty"; return false; }
        if (_formats is not null)
        {
            if (DateTime.TryParseExact(s, _formats, _culture, Styles, out value)) { value = Unspecified(value); return true; }
            why = $"does not match the date format{(_formats.Length > 1 ? "s" : "")} {string.Join(" or ", _formats)}";
            return false;
        }
        if (TryIso(s, out value) || TryCompact(s, out value)) return true;
        if (NumericDate(s) is { } n)
        {
            if (DetectsOrder) return TryDetected(s, n, out value, out why);
            bool dayFirst = _cultureDayFirst;
            int day = dayFirst ? n.A : n.B, month = dayFirst ? n.B : n.A;
            if (month is >= 1 and <= 12 && day is >= 1 and <= 31 && day > DateTime.DaysInMonth(Year(n.Y), month))
            {
                why = $"is not a calendar date ({CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {Year(n.Y)} has {DateTime.DaysInMonth(Year(n.Y), month)} days)";
                return false;
            }
        }
        else if (DateTokens(s) is var tokens and < 3)
        {
            why = tokens == 0 ? "is a time without a date" : "has no full date: a day, a month and a year are needed";
            return false;
        }
        if (DateTime.TryParse(s, _culture, Styles, out value)) { value = Unspecified(value); return true; }
        why = $"is not a date in culture {(_culture.Name.Length == 0 ? "invariant" : _culture.Name)}; give the culture or a date format (e.g. dd.MM.yyyy)";
        return false;
    }

    private bool TryDetected(ReadOnlySpan<char> s, (int A, int B, int Y, int TimeAt) n, out DateTime value, out string? why)
    {
        value = default;
        if (!TryDetectedDay(s, n.A, n.B, n.Y, out var date, out why)) return false;
        if (n.TimeAt < 0) { value = date; return true; }
        if (TimeSpan.TryParse(s[n.TimeAt..].Trim(), CultureInfo.InvariantCulture, out var time) && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1))
        { value = date + time; return true; }
        why = "has a time that cannot be read (expected HH:mm or HH:mm:ss)";
        return false;
    }

    /// <summary>
    /// A d/m/y date whose numbers the read-ahead thread has read (<see cref="TryNumericParts"/>): only the day/month
    /// order, which depends on the lines before, is settled here, exactly as <see cref="TryParse"/> would for the text
    /// <paramref name="s"/> (trimmed), which the messages quote.
    /// </summary>
    internal bool TryPrepared(ReadOnlySpan<char> s, int a, int b, int y, long timeTicks, out DateTime value, out string? why)
    {
        value = default;
        if (!TryDetectedDay(s, a, b, y, out var date, out why)) return false;
        value = timeTicks < 0 ? date : date.AddTicks(timeTicks);
        return true;
    }

    /// <summary>
    /// The numbers of a d/m/y date with no time or an HH:mm[:ss] time, for <see cref="TryPrepared"/>; false for anything
    /// else (the loader then reads the text in full). <paramref name="timeTicks"/> is -1 when there is no time.
    /// </summary>
    internal static bool TryNumericParts(ReadOnlySpan<char> s, out int a, out int b, out int y, out long timeTicks)
    {
        (a, b, y, timeTicks) = (0, 0, 0, -1);
        if (NumericDate(s) is not { } n) return false;
        (a, b, y) = (n.A, n.B, n.Y);
        if (n.TimeAt < 0) return true;
        // Only the forms whose value TimeSpan.TryParse is sure to give the same: H:mm, HH:mm, H:mm:ss, HH:mm:ss.
        var t = s[n.TimeAt..].Trim();
        int colon = t.IndexOf(':');
        if (colon is not (1 or 2) || !Digits(t, 0, colon, out int h) || h > 23) return false;
        var rest = t[(colon + 1)..];
        int mi, sec = 0;
        if (rest.Length == 2) { if (!Digits(rest, 0, 2, out mi)) return false; }
        else if (rest.Length == 5 && rest[2] == ':') { if (!Digits(rest, 0, 2, out mi) || !Digits(rest, 3, 2, out sec)) return false; }
        else return false;
        if (mi > 59 || sec > 59) return false;
        timeTicks = new TimeSpan(h, mi, sec).Ticks;
        return true;
    }

    private bool TryDetectedDay(ReadOnlySpan<char> s, int a, int b, int y, out DateTime date, out string? why)
    {
        date = default;
        why = null;
        var evidence = a > 12 && b <= 12 ? Order.DayFirst : b > 12 && a <= 12 ? Order.MonthFirst : Order.Unknown;
        if (evidence != Order.Unknown)
        {
            if (_order == Order.Unknown)
            {
                if (_ambiguousBeforeOrder > 0 && evidence == Order.DayFirst)
                    throw new FormatException($"'{Echo.Value(s)}' shows this column's dates are day-first, but {_ambiguousBeforeOrder:N0} earlier dates such as '{_firstAmbiguous}' could be read either way and were taken month-first; give --date-format dd/MM/yyyy (or --culture, e.g. en-GB) and load again.");
                _order = evidence;
                OrderNote = $"dates read {(evidence == Order.DayFirst ? "day-first" : "month-first")}: '{Echo.Value(s)}' can only be read that way";
            }
            else if (evidence != _order)
            {
                why = $"is {(evidence == Order.DayFirst ? "day-first" : "month-first")}, but this column's dates were found to be {(_order == Order.DayFirst ? "day-first" : "month-first")}: the column mixes orders";
                return false;
            }
        }
        else if (_order == Order.Unknown && a != b)
        {
            _ambiguousBeforeOrder++;
            _firstAmbiguous ??= Echo.Value(s);
        }
        bool dayFirst = (_order == Order.Unknown ? Order.MonthFirst : _order) == Order.DayFirst;
        int day = dayFirst ? a : b, month = dayFirst ? b : a, year = Year(y);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            why = month is >= 1 and <= 12 && day is >= 1 and <= 31
                ? $"is not a calendar date ({CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has {DateTime.DaysInMonth(year, month)} days)"
                : "is not a date: neither the day nor the month can be above 31 and 12";
            return false;
        }
        date = new DateTime(year, month, day);
        return true;
    }

    private int Year(int y) => y >= 100 ? y : _culture.Calendar.ToFourDigitYear(y);

    // d/m/y, m/d/y with '/', '.' or '-', a year of 2 or 4 digits, and an optional time after a space.
    private static (int A, int B, int Y, int TimeAt)? NumericDate(ReadOnlySpan<char> s)
    {
        int i = 0;
        static int Run(ReadOnlySpan<char> s, ref int i, int max)
        {
            int v = 0, start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < max) v = v * 10 + (s[i++] - '0');
            return i == start || (i < s.Length && char.IsAsciiDigit(s[i])) ? -1 : v;
        }
        int a = Run(s, ref i, 2);
        if (a < 0 || i >= s.Length || s[i] is not ('/' or '.' or '-')) return null;
        char sep = s[i++];
        int b = Run(s, ref i, 2);
        if (b < 0 || i >= s.Length || s[i] != sep) return null;
        i++;
        int start = i;
        int y = Run(s, ref i, 4);
        if (y < 0 || (i - start) is not (2 or 4)) return null;
        if (i < s.Length && s[i] == sep) i++; // "15.03.2023." (Hungarian-style trailing dot) is not this pattern's concern
        if (i == s.Length) return (a, b, y, -1);
        return s[i] is ' ' or 'T' ? (a, b, y, i + 1) : null;
    }

    // Day, month and year tokens: digit runs that are not part of a time, and words (month names) other than AM/PM/zones.
    private static int DateTokens(ReadOnlySpan<char> s)
    {
        int tokens = 0;
        for (int i = 0; i < s.Length;)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                int start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                bool time = (i < s.Length && s[i] == ':') || (start > 0 && s[start - 1] == ':');
                if (!time) tokens++;
            }
            else if (char.IsLetter(s[i]))
            {
                int start = i;
                while (i < s.Length && char.IsLetter(s[i])) i++;
                var word = s[start..i];
                if (word.Length >= 3 && !word.Equals("UTC", StringComparison.OrdinalIgnoreCase) && !word.Equals("GMT", StringComparison.OrdinalIgnoreCase)) tokens++;
            }
            else i++;
        }
        return tokens;
    }

    private static DateTime Unspecified(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Unspecified);

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int v)
    {
        v = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9) return false;
            v = v * 10 + d;
        }
        return true;
    }

    /// <summary>
    /// ISO or compact yyyyMMdd, the forms <see cref="TryParse"/> tries first when no formats are given: they need no
    /// culture and no day/month order, so the read-ahead thread can read them (<paramref name="s"/> trimmed).
    /// </summary>
    internal static bool TryFast(ReadOnlySpan<char> s, out DateTime value) => TryIso(s, out value) || TryCompact(s, out value);

    // The hot path: Online Retail and most exports write yyyy-MM-dd HH:mm:ss.
    private static bool TryIso(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out int y) || !Digits(s, 5, 2, out int mo) || !Digits(s, 8, 2, out int d)) return false;
        int h = 0, mi = 0, sec = 0;
        if (s.Length > 10)
        {
            if (s[10] != ' ' && s[10] != 'T') return false;
            var t = s[11..];
            if (t.Length == 5 && t[2] == ':') { if (!Digits(t, 0, 2, out h) || !Digits(t, 3, 2, out mi)) return false; }
            else if (t.Length == 8 && t[2] == ':' && t[5] == ':')
            { if (!Digits(t, 0, 2, out h) || !Digits(t, 3, 2, out mi) || !Digits(t, 6, 2, out sec)) return false; }
            else return false; // fractions, offsets: leave to the general parser
        }
        if (mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), mo) || h > 23 || mi > 59 || sec > 59 || y < 1) return false;
        value = new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryCompact(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length != 8 || !Digits(s, 0, 4, out int y) || !Digits(s, 4, 2, out int mo) || !Digits(s, 6, 2, out int d)) return false;
        if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return false;
        value = new DateTime(y, mo, d, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }
}

/// <summary>Reads a return flag column: true/false, yes/no, y/n, 1/0, t/f (case-insensitive); empty = not a return.</summary>
internal static class FlagReader
{
    /// <summary>The words that mean a return (compared ignoring case); the SQL engines read the same words.</summary>
    internal static readonly string[] Yes = ["true", "yes", "y", "1", "t", "ja", "x"];
    /// <summary>The words that mean not a return (empty does too).</summary>
    internal static readonly string[] No = ["false", "no", "n", "0", "f", "nej", "nei", "nein"];

    public static bool TryParse(ReadOnlySpan<char> s, out bool value)
    {
        s = Cell.Trim(s);
        value = false;
        if (s.IsEmpty) return true;
        foreach (var t in Yes)
            if (s.Equals(t, StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        foreach (var f in No)
            if (s.Equals(f, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}

/// <summary>Cells without their surrounding white space.</summary>
internal static class Cell
{
    /// <summary>
    /// <paramref name="s"/> trimmed as MemoryExtensions.Trim trims it. Nearly every
    /// cell starts and ends with a visible ASCII character, which is never white space: those are returned after two
    /// compares, where Trim asks char.IsWhiteSpace of both ends of every cell of every row.
    /// </summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s) =>
        s.IsEmpty || ((uint)(s[0] - '!') < 94u && (uint)(s[^1] - '!') < 94u) ? s : s.Trim();
}
