using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Data;

namespace RetentionKit.Surveys;

/// <summary>Net Promoter Score (spec §7): % promoters (9–10) − % detractors (0–6), from −100 to 100.</summary>
/// <param name="Responses">Responses with an NPS answer.</param>
/// <param name="Promoters">Scores 9–10.</param>
/// <param name="Passives">Scores 7–8.</param>
/// <param name="Detractors">Scores 0–6.</param>
/// <param name="Score">NPS on −100…100, NaN without responses.</param>
public sealed record NetPromoterScore(long Responses, long Promoters, long Passives, long Detractors, double Score)
{
    /// <summary>Promoters / responses.</summary>
    public Rate PromoterShare => Rate.Of(Promoters, Responses, "no NPS responses");
    /// <summary>Passives / responses.</summary>
    public Rate PassiveShare => Rate.Of(Passives, Responses, "no NPS responses");
    /// <summary>Detractors / responses.</summary>
    public Rate DetractorShare => Rate.Of(Detractors, Responses, "no NPS responses");

    /// <summary>NPS from 0–10 scores.</summary>
    /// <exception cref="ArgumentException">A score is outside 0–10 (its position is named).</exception>
    public static NetPromoterScore Compute(IEnumerable<int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        long pro = 0, pas = 0, det = 0, row = 0;
        foreach (int s in scores)
        {
            row++;
            if (s is < 0 or > 10) throw new ArgumentException($"NPS response {row} is {s}; the scale is 0 to 10.", nameof(scores));
            if (s >= 9) pro++; else if (s >= 7) pas++; else det++;
        }
        long n = pro + pas + det;
        return new NetPromoterScore(n, pro, pas, det, n == 0 ? double.NaN : 100.0 * (pro - det) / n);
    }

    /// <summary>NPS of the responses that answered the NPS question.</summary>
    public static NetPromoterScore Compute(IEnumerable<SurveyResponse> responses) =>
        Compute(Checked(responses, r => r.Nps, 0, 10, "NPS"));

    internal static IEnumerable<int> Checked(IEnumerable<SurveyResponse> responses, Func<SurveyResponse, int?> score, int min, int max, string what)
    {
        ArgumentNullException.ThrowIfNull(responses);
        long row = 0;
        foreach (var r in responses)
        {
            row++;
            if (score(r) is not { } s) continue;
            if (s < min || s > max)
                throw new ArgumentException($"Survey row {row} (customer '{r.CustomerId}', {r.Date:yyyy-MM-dd}) has {what} {s}; the scale is {min} to {max}.", nameof(responses));
            yield return s;
        }
    }

    /// <summary>Detractors, passives and promoters with counts and shares.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Group", new[] { "detractors (0-6)", "passives (7-8)", "promoters (9-10)" })
        .Add("Responses", new[] { Detractors, Passives, Promoters })
        .Add("Share", new[] { DetractorShare.Value, PassiveShare.Value, PromoterShare.Value }).Build();

    public override string ToString() => double.IsNaN(Score) ? "NPS undefined (no responses)" : string.Create(CultureInfo.InvariantCulture,
        $"NPS {Score:+0.0;-0.0;0} ({PromoterShare} promoters, {PassiveShare} passives, {DetractorShare} detractors; {Responses:N0} responses)");
}

/// <summary>Customer satisfaction (spec §7): the share of 1–5 answers that are 4 or 5.</summary>
/// <param name="Responses">Responses with a CSAT answer.</param>
/// <param name="Satisfied">Answers 4 or 5.</param>
/// <param name="Counts">Answers per score 1…5 (index 0 is score 1).</param>
/// <param name="Score">Satisfied / responses.</param>
public sealed record CustomerSatisfaction(long Responses, long Satisfied, IReadOnlyList<long> Counts, Rate Score)
{
    /// <summary>CSAT from 1–5 scores.</summary>
    /// <exception cref="ArgumentException">A score is outside 1–5.</exception>
    public static CustomerSatisfaction Compute(IEnumerable<int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var counts = new long[5];
        long row = 0;
        foreach (int s in scores)
        {
            row++;
            if (s is < 1 or > 5) throw new ArgumentException($"CSAT response {row} is {s}; the scale is 1 to 5.", nameof(scores));
            counts[s - 1]++;
        }
        long n = counts.Sum(), sat = counts[3] + counts[4];
        return new CustomerSatisfaction(n, sat, counts, Rate.Of(sat, n, "no CSAT responses"));
    }

    /// <summary>CSAT of the responses that answered the CSAT question.</summary>
    public static CustomerSatisfaction Compute(IEnumerable<SurveyResponse> responses) =>
        Compute(NetPromoterScore.Checked(responses, r => r.Csat, 1, 5, "CSAT"));

    /// <summary>Answers per score.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Score", Enumerable.Range(1, 5)).Add("Responses", Counts).Add("Satisfied", Enumerable.Range(1, 5).Select(s => s >= 4)).Build();

    public override string ToString() => $"CSAT {Score} ({Satisfied:N0} of {Responses:N0} answered 4 or 5)";
}

/// <summary>Open answers coded into reasons, and the answers no keyword matched (their reason is "not coded").</summary>
/// <param name="Reasons">The coded reasons, "not coded" among them.</param>
/// <param name="NotCoded">The answers no keyword matched, as given.</param>
public sealed record CodedAnswers(ChurnReasons Reasons, IReadOnlyList<string> NotCoded)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Reasons.Responses:N0} answers coded into {Reasons.Reasons.Count(r => r.Reason != ChurnReasons.NotCoded)} reasons; {NotCoded.Count:N0} not coded{(NotCoded.Count > 0 ? ": " + string.Join(" | ", NotCoded.Take(5)) : "")}");
}

/// <summary>One churn reason with its count and share.</summary>
public sealed record ChurnReasonShare(string Reason, long Count, double Share, double CumulativeShare);

/// <summary>Churn reasons from a cancellation survey (spec §7, seed 004): counts and shares, most frequent first (a Pareto table).</summary>
public sealed record ChurnReasons(long Responses, IReadOnlyList<ChurnReasonShare> Reasons)
{
    /// <summary>Counts reasons; blank reasons are not answers. Reasons are compared after trimming, ignoring case.</summary>
    public static ChurnReasons Compute(IEnumerable<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        return FromCounts(responses.Select(r => (r.ChurnReason ?? "", 1L)));
    }

    /// <summary>
    /// Answers to an open question ("why did you cancel?", seed 004) coded into reasons by keywords: each answer goes to
    /// the first reason of <paramref name="codebook"/> one of whose keywords it contains (case ignored). Answers no keyword
    /// matches count as "not coded" and are listed, to read and extend the codebook: every answer is counted once.
    /// </summary>
    public static CodedAnswers Code(IEnumerable<string?> answers, IReadOnlyList<(string Reason, string[] Keywords)> codebook)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(codebook);
        var coded = new List<(string, long)>();
        var notCoded = new List<string>();
        foreach (var raw in answers)
        {
            var answer = raw?.Trim();
            if (string.IsNullOrEmpty(answer)) continue;
            var hit = codebook.FirstOrDefault(c => c.Keywords.Any(k => answer.Contains(k, StringComparison.OrdinalIgnoreCase)));
            if (hit.Reason is null) { notCoded.Add(answer); coded.Add((NotCoded, 1)); }
            else coded.Add((hit.Reason, 1));
        }
        return new CodedAnswers(FromCounts(coded), notCoded);
    }

    /// <summary>The reason open answers get when no keyword of the codebook matches them.</summary>
    public const string NotCoded = "not coded";

    /// <summary>
    /// From reasons already counted (a survey summary, or an article's percentages of 100 answers); the same reason
    /// given twice is added up. Blank reasons are not answers.
    /// </summary>
    /// <exception cref="ArgumentException">A negative count.</exception>
    public static ChurnReasons FromCounts(IEnumerable<(string Reason, long Count)> counted)
    {
        ArgumentNullException.ThrowIfNull(counted);
        var counts = new Dictionary<string, (string Label, long Count)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (given, count) in counted)
        {
            if (count < 0) throw new ArgumentException($"the count of '{given}' is {count}; counts cannot be negative.", nameof(counted));
            var reason = given?.Trim();
            if (string.IsNullOrEmpty(reason) || count == 0) continue;
            counts[reason] = counts.TryGetValue(reason, out var e) ? (e.Label, e.Count + count) : (reason, count);
        }
        long n = counts.Values.Sum(v => v.Count);
        double cum = 0;
        var rows = counts.Values.OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal)
            .Select(v => { cum += (double)v.Count / n; return new ChurnReasonShare(v.Label, v.Count, (double)v.Count / n, cum); }).ToList();
        return new ChurnReasons(n, rows);
    }

    /// <summary>One row per reason.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Reason", Reasons.Select(r => r.Reason)).Add("Count", Reasons.Select(r => r.Count))
        .Add("Share", Reasons.Select(r => r.Share)).Add("CumulativeShare", Reasons.Select(r => r.CumulativeShare)).Build();
}
