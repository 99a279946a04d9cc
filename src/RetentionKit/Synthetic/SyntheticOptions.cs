namespace RetentionKit.Synthetic;

/// <summary>
/// The ground truth of a synthetic dataset. Every number here is a parameter the generator draws from,
/// so metrics computed on the output can be checked against it.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>Seed: the same options give the same data, byte for byte.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Customers acquired in the transaction data.</summary>
    public int Customers { get; init; } = 5_000;
    /// <summary>First instant of the data.</summary>
    public DateTime Start { get; init; } = new(2023, 1, 1);
    /// <summary>Observation end (exclusive): nothing happens at or after it.</summary>
    public DateTime End { get; init; } = new(2025, 1, 1);
    /// <summary>Share of the window, from its start, over which first purchases are spread uniformly.</summary>
    public double AcquisitionWindowShare { get; init; } = 0.75;
    /// <summary>The purchase cycle: median days between a typical customer's orders.</summary>
    public double PurchaseCycleDays { get; init; } = 30;
    /// <summary>Gamma shape of the per-customer cycle multiplier (mean 1): lower means more spread between customers.</summary>
    public double CycleHeterogeneity { get; init; } = 4;
    /// <summary>Gamma shape of one customer's intervals around their own cycle: higher means more regular.</summary>
    public double IntervalRegularity { get; init; } = 4;
    /// <summary>Churn: after each order the customer leaves for good with this probability.</summary>
    public double DropoutProbability { get; init; } = 0.1;
    /// <summary>Mean order value (money) over customers.</summary>
    public double MeanOrderValue { get; init; } = 60;
    /// <summary>Gamma shape of the per-customer mean order value.</summary>
    public double SpendHeterogeneity { get; init; } = 3;
    /// <summary>Gamma shape of one customer's order values around their mean.</summary>
    public double OrderValueShape { get; init; } = 6;
    /// <summary>Mean number of lines per order (at least one).</summary>
    public double MeanLinesPerOrder { get; init; } = 3;
    /// <summary>Probability that a line is partly or fully returned within 30 days.</summary>
    public double ReturnProbability { get; init; } = 0.03;
    /// <summary>Share of orders written without a customer id.</summary>
    public double MissingCustomerShare { get; init; }
    /// <summary>Products in the catalogue.</summary>
    public int Products { get; init; } = 500;
    /// <summary>Probability that a customer joins the loyalty programme at their second order.</summary>
    public double LoyaltyJoinProbability { get; init; } = 0.3;
    /// <summary>Members order this many times as often after joining (cycle divided by it).</summary>
    public double LoyaltyFrequencyUplift { get; init; } = 1.25;
    /// <summary>Subscribers in the subscription table.</summary>
    public int Subscribers { get; init; } = 2_000;
    /// <summary>Subscription churn: probability of cancelling in each month.</summary>
    public double MonthlySubscriptionChurn { get; init; } = 0.04;
    /// <summary>Plan prices per month and their shares.</summary>
    public IReadOnlyList<(double Price, double Share)> Plans { get; init; } = [(9, 0.5), (19, 0.35), (49, 0.15)];
    /// <summary>Payment terms on invoices, in days.</summary>
    public int PaymentTermsDays { get; init; } = 30;
    /// <summary>Mean days from invoice to payment.</summary>
    public double MeanDaysToPay { get; init; } = 34;
    /// <summary>Share of customers who answer the NPS/CSAT survey once.</summary>
    public double SurveyResponseShare { get; init; } = 0.3;
    /// <summary>Shares of detractors (0–6), passives (7–8) and promoters (9–10); the true NPS is promoters − detractors.</summary>
    public (double Detractors, double Passives, double Promoters) NpsMix { get; init; } = (0.25, 0.35, 0.40);
    /// <summary>Shares of CSAT scores 1 to 5; the true CSAT is the share of 4 and 5.</summary>
    public IReadOnlyList<double> CsatMix { get; init; } = [0.05, 0.10, 0.15, 0.40, 0.30];
    /// <summary>Churn reasons given by cancelling subscribers, with their shares.</summary>
    public IReadOnlyList<(string Reason, double Share)> ChurnReasons { get; init; } =
        [("Price too high", 0.35), ("Switched to a competitor", 0.25), ("No longer needed", 0.20), ("Poor support", 0.12), ("Other", 0.08)];

    internal void Validate()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, rule);
        }
        Check(Customers >= 0, nameof(Customers), Customers, "Must be zero or more.");
        Check(End > Start, nameof(End), End, "Must be after Start.");
        Check(PurchaseCycleDays > 0, nameof(PurchaseCycleDays), PurchaseCycleDays, "Must be positive.");
        Check(DropoutProbability is >= 0 and < 1, nameof(DropoutProbability), DropoutProbability, "Must be in [0, 1).");
        Check(AcquisitionWindowShare is > 0 and <= 1, nameof(AcquisitionWindowShare), AcquisitionWindowShare, "Must be in (0, 1].");
        Check(MeanOrderValue > 0, nameof(MeanOrderValue), MeanOrderValue, "Must be positive.");
        Check(MeanLinesPerOrder >= 1, nameof(MeanLinesPerOrder), MeanLinesPerOrder, "Must be at least 1.");
        Check(ReturnProbability is >= 0 and <= 1, nameof(ReturnProbability), ReturnProbability, "Must be in [0, 1].");
        Check(MissingCustomerShare is >= 0 and <= 1, nameof(MissingCustomerShare), MissingCustomerShare, "Must be in [0, 1].");
        Check(Products >= 1, nameof(Products), Products, "Must be at least 1.");
        Check(MonthlySubscriptionChurn is >= 0 and <= 1, nameof(MonthlySubscriptionChurn), MonthlySubscriptionChurn, "Must be in [0, 1].");
        Check(CsatMix.Count == 5, nameof(CsatMix), CsatMix.Count, "Needs five shares, for scores 1 to 5.");
    }
}
