namespace RetentionKit.Retention;

/// <summary>The retention formulas on counts, for worked examples and for callers with their own counts (spec §2, §3).</summary>
public static class RetentionFormulas
{
    /// <summary>Customer retention rate CRR = (E − N) / S (seeds 001, 002, 004).</summary>
    /// <param name="start">S: customers at the start of the period.</param>
    /// <param name="end">E: customers at the end.</param>
    /// <param name="newCustomers">N: customers acquired during the period.</param>
    public static Rate CustomerRetentionRate(long start, long end, long newCustomers) =>
        Rate.Of(end - newCustomers, start, "no customers at the start of the period (S = 0)");

    /// <summary>Churn = lost / S.</summary>
    public static Rate ChurnRate(long lost, long start) =>
        Rate.Of(lost, start, "no customers at the start of the period (S = 0)");

    /// <summary>
    /// The churn over <paramref name="periodDays"/> restated for 30 days: 1 − (1 − c)^(30 / days), so rates of
    /// different period lengths compare against one threshold (spec §3). NaN stays NaN.
    /// </summary>
    public static double ThirtyDayEquivalent(double churn, double periodDays)
    {
        if (double.IsNaN(churn) || periodDays <= 0) return double.NaN;
        return 1 - Math.Pow(1 - churn, 30 / periodDays);
    }
}
