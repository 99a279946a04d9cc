using System.Globalization;

namespace RetentionKit.Surveys;

/// <summary>
/// How open answers to "why did you leave?" become reasons (seed 004): a list of reasons, each with keywords; an answer
/// goes to the first reason one of whose keywords it contains, ignoring case. The kit's default list covers the reasons
/// the seeds name (price, a competitor, no longer needed, support, product quality, delivery); a user's own entries
/// come first, so they extend or override it. Answers that no keyword matches are "not coded" and listed, to read.
/// </summary>
public static class ReasonCodebook
{
    /// <summary>The default keyword rule.</summary>
    public static IReadOnlyList<(string Reason, string[] Keywords)> Default { get; } =
    [
        ("price", ["price", "expensive", "cost", "cheaper", "afford", "too much money", "budget"]),
        ("competitor", ["competitor", "switched", "switching", "another provider", "other provider", "alternative", "moved to"]),
        ("no longer needed", ["no longer need", "don't need", "do not need", "not needed", "no need", "not using", "stopped using", "no longer use"]),
        ("support", ["support", "customer service", "rude", "no answer", "never answered", "not answered", "unhelpful", "help"]),
        ("product quality", ["quality", "broken", "bug", "doesn't work", "does not work", "damaged", "faulty", "defect"]),
        ("delivery", ["delivery", "deliver", "shipping", "parcel", "late", "arrived"]),
    ];

    /// <summary>
    /// Reads a codebook written as CSV lines <c>reason,keyword;keyword;…</c> (an optional header <c>reason,keywords</c>;
    /// lines starting with # are comments). A reason given on two lines gets both lines' keywords.
    /// </summary>
    /// <exception cref="FormatException">A line without a reason or without keywords, naming the line.</exception>
    public static IReadOnlyList<(string Reason, string[] Keywords)> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<(string Reason, List<string> Keywords)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int comma = line.IndexOf(',');
            if (i == 0 && line.StartsWith("reason,", StringComparison.OrdinalIgnoreCase)) continue;
            string where = string.Create(CultureInfo.InvariantCulture, $"{source}, line {i + 1}");
            if (comma <= 0) throw new FormatException($"{where}: expected 'reason,keyword;keyword', e.g. 'price,expensive;cheaper'; found '{line}'.");
            var reason = line[..comma].Trim().Trim('"');
            var keywords = line[(comma + 1)..].Trim().Trim('"').Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (reason.Length == 0 || keywords.Length == 0) throw new FormatException($"{where}: the reason '{reason}' has no keywords; expected 'reason,keyword;keyword'.");
            var at = entries.FindIndex(e => string.Equals(e.Reason, reason, StringComparison.OrdinalIgnoreCase));
            if (at >= 0) entries[at].Keywords.AddRange(keywords);
            else entries.Add((reason, keywords.ToList()));
        }
        if (entries.Count == 0) throw new FormatException($"{source}: no reasons in the codebook; expected lines 'reason,keyword;keyword'.");
        return entries.Select(e => (e.Reason, e.Keywords.ToArray())).ToList();
    }

    /// <summary>The user's entries first, then the default list's.</summary>
    public static IReadOnlyList<(string Reason, string[] Keywords)> Extend(IReadOnlyList<(string Reason, string[] Keywords)> own) => [.. own, .. Default];

    /// <summary>
    /// Whether the reasons look like free text rather than categories picked from a list: more than 12 different
    /// answers, and more than one answer in ten different from every other.
    /// </summary>
    public static bool LooksFreeText(IEnumerable<string?> answers)
    {
        var given = answers.Select(a => a?.Trim()).Where(a => !string.IsNullOrEmpty(a)).ToList();
        int distinct = given.Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return distinct > 12 && distinct > given.Count / 10.0;
    }
}
