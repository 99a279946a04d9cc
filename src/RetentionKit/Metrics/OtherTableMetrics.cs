using System.Globalization;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Receivables;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Surveys;

namespace RetentionKit.Metrics;

/// <summary>The tables beside transactions that a report or the metrics command can measure; null or empty ones are left out.</summary>
public sealed record OtherTables(
    IReadOnlyList<Subscription>? Subscriptions = null, IReadOnlyList<Invoice>? Invoices = null,
    IReadOnlyList<SurveyResponse>? Surveys = null, IReadOnlyList<LoyaltyMembership>? Memberships = null)
{
    /// <summary>
    /// The user's keyword rule for coding free-text churn reasons (see <see cref="ReasonCodebook"/>), put before the
    /// default one; with it the reasons are always coded. Null: coded by the default rule when they look like free text.
    /// </summary>
    public IReadOnlyList<(string Reason, string[] Keywords)>? Codebook { get; init; }

    /// <summary>Whether any table has rows.</summary>
    public bool Any => Subscriptions is { Count: > 0 } || Invoices is { Count: > 0 } || Surveys is { Count: > 0 } || Memberships is { Count: > 0 };
}

/// <summary>
/// The seeds' metrics of the other tables: contractual retention (subscriptions), DSO (invoices), NPS, CSAT and churn
/// reasons (surveys), the loyalty programme's effect (members, against the orders). Subscriptions and invoices are
/// measured in quarters over their own dates; null where the table was not given or holds nothing to measure.
/// </summary>
public sealed record OtherTableMetrics(
    SubscriptionRetention? Subscriptions, DateTime? SubscriptionsEnd, DaysSalesOutstanding? Receivables, NetPromoterScore? Nps, CustomerSatisfaction? Csat,
    ChurnReasons? Reasons, LoyaltyProgramme? Loyalty)
{
    /// <summary>When the reasons were free text: how they were coded, with the answers no keyword matched (else null).</summary>
    public CodedAnswers? Coded { get; init; }

    /// <summary>Computes what the tables allow.</summary>
    public static OtherTableMetrics Compute(OtherTables t, OrderHistory history)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(history);
        SubscriptionRetention? subs = null;
        DateTime? subsEnd = null;
        if (t.Subscriptions is { Count: > 0 } s)
        {
            var from = s.Min(x => x.Start).Date;
            subsEnd = s.Max(x => x.End is { } e && e > x.Start ? e : x.Start).Date.AddDays(1);
            subs = SubscriptionRetention.Compute(s, PeriodGrid.Create(PeriodLength.Quarter, from, subsEnd.Value, from, PeriodAnchor.Auto));
        }
        DaysSalesOutstanding? dso = null;
        if (t.Invoices is { Count: > 0 } inv)
        {
            var from = inv.Min(x => x.IssueDate).Date;
            dso = DaysSalesOutstanding.Compute(inv, PeriodGrid.Create(PeriodLength.Quarter, from, inv.Max(x => x.IssueDate).Date.AddDays(1), from, PeriodAnchor.Auto));
        }
        var surveys = t.Surveys is { Count: > 0 } sv ? sv : null;
        var nps = surveys?.Any(x => x.Nps is not null) == true ? NetPromoterScore.Compute(surveys) : null;
        var csat = surveys?.Any(x => x.Csat is not null) == true ? CustomerSatisfaction.Compute(surveys) : null;
        ChurnReasons? reasons = null;
        CodedAnswers? coded = null;
        if (surveys?.Any(x => !string.IsNullOrWhiteSpace(x.ChurnReason)) == true)
        {
            // Reasons picked from a list are counted as given; open answers are coded by keywords first.
            if (t.Codebook is not null || ReasonCodebook.LooksFreeText(surveys.Select(x => x.ChurnReason)))
            {
                coded = ChurnReasons.Code(surveys.Select(x => x.ChurnReason), t.Codebook is { } own ? ReasonCodebook.Extend(own) : ReasonCodebook.Default);
                reasons = coded.Reasons;
            }
            else reasons = ChurnReasons.Compute(surveys);
        }
        LoyaltyProgramme? loyalty = null;
        if (t.Memberships is { Count: > 0 } m && history.FirstOrder is { } first)
            loyalty = LoyaltyProgramme.Evaluate(history, m, new Period(first.Date, history.LastOrder!.Value.Date.AddDays(1)));
        return new OtherTableMetrics(subs, subsEnd, dso, nps, csat, reasons, loyalty) { Coded = coded };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        if (Subscriptions is { Periods.Count: > 0 } s)
        {
            var last = s.Periods[^1];
            lines.Add(string.Create(inv, $"subscriptions, {s.Periods.Count} quarters; last {last.Period}: retention {last.RetentionRate}, churn {last.ChurnRate} ({last.ChurnRate30Days:P1} per 30 days{(last.ChurnAlert ? ", ALERT" : "")}), MRR churn {last.MrrChurn}"));
        }
        if (Receivables is { Periods.Count: > 0 } d)
        {
            var last = d.Periods[^1];
            lines.Add(string.Create(inv, $"receivables, {d.Periods.Count} quarters; last from {last.Period.Start:yyyy-MM-dd}: DSO {last.Dso:0.0} days, amount-weighted days to pay {last.WeightedDaysToPay:0.0}"));
        }
        if (Nps is { } n) lines.Add("surveys: " + n);
        if (Csat is { } c) lines.Add("surveys: " + c);
        if (Reasons is { Reasons.Count: > 0 } r) lines.Add(string.Create(inv, $"churn reasons ({r.Responses:N0} answers{(Coded is { } k ? $", open answers coded by keywords, {k.NotCoded.Count:N0} not coded" : "")}): {string.Join(", ", r.Reasons.Take(3).Select(x => $"{x.Reason} {x.Share:P0}"))}"));
        if (Coded is { NotCoded.Count: > 0 } nc) lines.Add("  not coded (add keywords with --reason-codebook): " + string.Join(" | ", nc.NotCoded.Take(5).Select(a => a.Length > 60 ? a[..60] + "…" : a)));
        if (Loyalty is { } l) lines.Add("loyalty programme: " + (l.FrequencyEffect?.ToString() ?? "no effect estimated"));
        return string.Join("\n", lines);
    }
}
