using System.Globalization;

namespace RetentionKit.Data;

/// <summary>Customer ids that are numbers written differently: 00123, 123, 123.0 (a float column exported by pandas).</summary>
public static class NumericIds
{
    /// <summary>The id by value (leading zeros and a zero fraction removed), or null when it is not numeric-looking or already normal.</summary>
    public static string? Normalize(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > 40) return null;
        int dot = id.IndexOf('.');
        var whole = dot < 0 ? id : id[..dot];
        if (whole.IsEmpty || !IsDigits(whole)) return null;
        if (dot >= 0) { var frac = id[(dot + 1)..]; if (!IsDigits(frac) || frac.TrimEnd('0').Length > 0) return null; }
        var trimmed = whole.TrimStart('0');
        if (trimmed.IsEmpty) trimmed = "0";
        return trimmed.Length == id.Length ? null : trimmed.ToString();
    }

    private static bool IsDigits(ReadOnlySpan<char> s) { foreach (var c in s) if (!char.IsAsciiDigit(c)) return false; return true; }

    /// <summary>A warning when different ids are the same number, or null when none are.</summary>
    public static string? Collisions(IReadOnlyList<string> ids)
    {
        // Two ids can share a value only if one of them is written unusually (00123, 123.0): the usual case, none, needs
        // no table of every id, and otherwise the table holds only the values such ids have.
        HashSet<string>? unusual = null;
        foreach (var id in ids)
            if (Normalize(id) is { } value) (unusual ??= new HashSet<string>(StringComparer.Ordinal)).Add(value);
        if (unusual is null) return null;
        var byValue = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var key = Normalize(id) ?? (IsDigits(id) ? id : null);
            if (key is null || !unusual.Contains(key)) continue;
            if (!byValue.TryGetValue(key, out var list)) byValue[key] = list = [];
            list.Add(id);
        }
        var groups = byValue.Values.Where(g => g.Count > 1).ToList();
        if (groups.Count == 0) return null;
        var examples = string.Join("; ", groups.Take(3).Select(g => string.Join(", ", g.Take(4).Select(x => $"'{Echo.Value(x)}'"))));
        return string.Create(CultureInfo.InvariantCulture,
            $"{groups.Count:N0} group{(groups.Count == 1 ? "" : "s")} of customer ids differ only in how the number is written ({examples}), so they count as different customers. If they are the same customer, load with --normalize-ids.");
    }
}
