namespace RetentionKit.Data;

/// <summary>A subscription (contractual data, spec §0). Active on [<see cref="Start"/>, <see cref="End"/>); an open one has no end.</summary>
/// <param name="CustomerId">The subscriber.</param>
/// <param name="Start">First instant the subscription is active.</param>
/// <param name="End">First instant it is no longer active (exclusive), or null while it is open.</param>
/// <param name="MonthlyAmount">Recurring amount per month (MRR contribution).</param>
public sealed record Subscription(string CustomerId, DateTime Start, DateTime? End, double MonthlyAmount)
{
    /// <summary>Whether the subscription is active at <paramref name="instant"/>.</summary>
    public bool IsActiveAt(DateTime instant) => Start <= instant && (End is null || instant < End);
}

/// <summary>An invoice for a credit sale (spec §6, DSO).</summary>
/// <param name="InvoiceId">Invoice number.</param>
/// <param name="CustomerId">Who owes it.</param>
/// <param name="IssueDate">When it was issued (the credit sale).</param>
/// <param name="DueDate">When payment is due.</param>
/// <param name="Amount">Amount invoiced.</param>
/// <param name="PaidDate">When it was paid, or null while open.</param>
public sealed record Invoice(string InvoiceId, string CustomerId, DateTime IssueDate, DateTime DueDate, double Amount, DateTime? PaidDate)
{
    /// <summary>Whether the invoice is unpaid at the end of <paramref name="instant"/> (issued before, not paid by then).</summary>
    public bool IsOpenAt(DateTime instant) => IssueDate < instant && (PaidDate is null || PaidDate >= instant);
}

/// <summary>One survey response (spec §7). Any of the scores may be absent.</summary>
/// <param name="CustomerId">Respondent.</param>
/// <param name="Date">When the answer was given.</param>
/// <param name="Nps">"How likely are you to recommend us?" on 0–10.</param>
/// <param name="Csat">Satisfaction on 1–5.</param>
/// <param name="ChurnReason">The reason given in a cancellation survey.</param>
public sealed record SurveyResponse(string CustomerId, DateTime Date, int? Nps = null, int? Csat = null, string? ChurnReason = null);

/// <summary>Loyalty programme membership (spec §5): a member from <see cref="JoinDate"/> until <see cref="LeaveDate"/> (exclusive) or still.</summary>
public sealed record LoyaltyMembership(string CustomerId, DateTime JoinDate, DateTime? LeaveDate = null)
{
    /// <summary>Whether the customer is a member at <paramref name="instant"/>.</summary>
    public bool IsMemberAt(DateTime instant) => JoinDate <= instant && (LeaveDate is null || instant < LeaveDate);
}
