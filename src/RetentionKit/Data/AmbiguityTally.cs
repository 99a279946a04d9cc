using System.Globalization;

namespace RetentionKit.Data;

/// <summary>
/// Watches accepted values for readings that could go two ways, so the load report can say so: numbers whose
/// separator could be decimal or thousands ("1.234", "1,759"), and dates whose day and month could be swapped
/// ("01/02/2023"). It never changes a value; it only counts.
/// </summary>
internal sealed class AmbiguityTally(CultureInfo culture, bool explicitDateFormat)
{
    private readonly char _decimal = Separators(culture).Decimal;
    private readonly char _group = Separators(culture).Group;
    // By column ordinal: the tally is on the loader's hot path, so no name lookups per value.
    private readonly Dictionary<int, (long NonIso, long Ambiguous, long DayFirstOnly, long MonthFirstOnly, string Example)> _dates = new();

    // By ordinal in an array: a price column has a decimal point on every line.
    private (long WithDecimal, long ThreeDecimals, long GroupedWhole, string Example)[] _byOrdinal = [];

    /// <summary>The culture's one-character decimal and group separators, as the tally reads them.</summary>
    public static (char Decimal, char Group) Separators(CultureInfo culture) =>
        (culture.NumberFormat.NumberDecimalSeparator is [var d] ? d : '.', culture.NumberFormat.NumberGroupSeparator is [var g] ? g : ',');

    /// <summary>What a trimmed number cell shows: 0 neither separator, 1 a decimal, 2 exactly three decimals, 3 a group separator only.</summary>
    public static byte Classify(ReadOnlySpan<char> raw, char dec, char grp)
    {
        int d = raw.IndexOf(dec), g = raw.IndexOf(grp);
        if (d >= 0)
            return (byte)(g < 0 && d + 4 == raw.Length && char.IsAsciiDigit(raw[d + 1]) && char.IsAsciiDigit(raw[d + 2]) && char.IsAsciiDigit(raw[d + 3]) ? 2 : 1);
        return (byte)(g >= 0 && char.IsPunctuation(grp) ? 3 : 0);
    }

    public void Number(int column, ReadOnlySpan<char> raw) => Number(column, Classify(Cell.Trim(raw), _decimal, _group), raw);

    /// <summary>Counts a cell whose kind (<see cref="Classify"/>) is known; <paramref name="raw"/> is kept as the example.</summary>
    public void Number(int column, byte kind, ReadOnlySpan<char> raw)
    {
        if (kind == 0) return;
        if (column >= _byOrdinal.Length) Array.Resize(ref _byOrdinal, column + 1);
        ref var c = ref _byOrdinal[column];
        c.Example ??= "";
        if (kind <= 2)
        {
            c.WithDecimal++;
            if (kind == 2) { c.ThreeDecimals++; if (c.Example.Length == 0) c.Example = raw.Trim().ToString(); }
        }
        else { c.GroupedWhole++; if (c.Example.Length == 0) c.Example = raw.Trim().ToString(); }
    }

    public void Date(int column, ReadOnlySpan<char> raw)
    {
        if (explicitDateFormat) return;
        raw = Cell.Trim(raw);
        // d/m/y or m/d/y with '/', '.' or '-': the first two numbers decide.
        int a = 0, i = 0;
        while (i < raw.Length && char.IsAsciiDigit(raw[i])) a = a * 10 + raw[i++] - '0';
        if (i == 0 || i > 2 || i >= raw.Length || raw[i] is not ('/' or '.' or '-')) return;
        char sep = raw[i++];
        int b = 0, j = i;
        while (i < raw.Length && char.IsAsciiDigit(raw[i])) b = b * 10 + raw[i++] - '0';
        if (i == j || i - j > 2 || i >= raw.Length || raw[i] != sep) return;
        var c = _dates.GetValueOrDefault(column, (0, 0, 0, 0, ""));
        c.NonIso++;
        if (a <= 12 && b <= 12 && a != b) { c.Ambiguous++; if (c.Example.Length == 0) c.Example = raw.ToString(); }
        else if (a > 12) c.DayFirstOnly++;
        else if (b > 12) c.MonthFirstOnly++;
        _dates[column] = c;
    }

    public IEnumerable<string> Warnings(IReadOnlyList<string> headers)
    {
        string cultureName = culture.Name.Length == 0 ? "invariant" : culture.Name;
        for (int ordinal = 0; ordinal < _byOrdinal.Length; ordinal++)
        {
            var c = _byOrdinal[ordinal];
            string column = headers[ordinal];
            if (c.WithDecimal > 0 && c.ThreeDecimals == c.WithDecimal)
                yield return $"column {column}: every value with a '{_decimal}' has exactly three digits after it (e.g. '{c.Example}'), which is also how a thousands separator looks; read as decimals under the {cultureName} culture. If the file uses '{_decimal}' for thousands (da-DK, de-DE, …), load it with that culture.";
            if (c.GroupedWhole > 0)
                yield return $"column {column}: {c.GroupedWhole:N0} value{(c.GroupedWhole == 1 ? "" : "s")} such as '{c.Example}' were read with '{_group}' as a thousands separator; where '{_group}' is the decimal separator that is a number a thousand times smaller. Check the culture (now {cultureName}).";
        }
        foreach (var (ordinal, c) in _dates)
        {
            string column = headers[ordinal];
            if (c.Ambiguous == 0) continue;
            string read = c.DayFirstOnly > 0 && c.MonthFirstOnly == 0 ? "day first" : c.MonthFirstOnly > 0 && c.DayFirstOnly == 0 ? "month first" : $"as the {cultureName} culture reads them";
            yield return $"column {column}: {c.Ambiguous:N0} of {c.NonIso:N0} dates such as '{c.Example}' can be read day-first or month-first; they were read {read}. Give --date-format (e.g. dd/MM/yyyy) or --culture to be sure.";
        }
    }
}
