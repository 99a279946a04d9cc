using System.Globalization;
using Microsoft.Data.Analysis;

namespace RetentionKit.Clv;

/// <summary>One customer's predicted value.</summary>
public sealed record CustomerValue(string CustomerId, int Frequency, double Recency, double T, double ProbabilityAlive,
    double ExpectedPurchases, double ExpectedSpend, double Clv);

/// <summary>
/// Customer lifetime value from a purchase model (BG/NBD or Pareto/NBD) and Gamma–Gamma (spec §8): Σ over months i = 1…H of the expected purchases in
/// month i × the expected spend per purchase × the margin / (1 + monthly discount rate)^i.
/// </summary>
/// <param name="HorizonMonths">H.</param>
/// <param name="MonthlyDiscountRate">d.</param>
/// <param name="Margin">Profit margin on spend (1 = revenue).</param>
/// <param name="Customers">Per customer, highest CLV first.</param>
/// <param name="Total">Σ CLV.</param>
public sealed record LifetimeValue(int HorizonMonths, double MonthlyDiscountRate, double Margin, IReadOnlyList<CustomerValue> Customers, double Total)
{
    /// <summary>Quantiles of the CLV distribution (0.1, 0.25, 0.5, 0.75, 0.9, 0.99).</summary>
    public IReadOnlyDictionary<double, double> Quantiles()
    {
        var sorted = Customers.Select(c => c.Clv).OrderBy(v => v).ToArray();
        return new[] { 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 }.ToDictionary(q => q, q => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))]);
    }

    /// <summary>Computes CLV for every customer of the summary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">horizon &lt; 1, discount &lt; 0, or margin ≤ 0.</exception>
    public static LifetimeValue Compute(CustomerSummary summary, IPurchaseModel purchases, GammaGammaFit spend, int horizonMonths = 12, double monthlyDiscountRate = 0.01, double margin = 1)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        if (horizonMonths < 1) throw new ArgumentOutOfRangeException(nameof(horizonMonths), horizonMonths, "The horizon must be at least one month.");
        if (monthlyDiscountRate < 0) throw new ArgumentOutOfRangeException(nameof(monthlyDiscountRate), monthlyDiscountRate, "The discount rate cannot be negative.");
        if (margin <= 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be positive.");
        double month = 365.25 / 12 / CustomerSummary.DaysPer(summary.Unit);
        var rows = new CustomerValue[summary.Count];
        for (int i = 0; i < summary.Count; i++)
        {
            int x = summary.Frequency[i];
            double tx = summary.Recency[i], t = summary.T[i];
            double s = spend.ConditionalExpectedSpend(x, summary.MonetaryValue[i]);
            double clv = 0, previous = 0;
            for (int k = 1; k <= horizonMonths; k++)
            {
                double cumulative = purchases.ExpectedPurchases(k * month, x, tx, t);
                clv += (cumulative - previous) * s * margin / Math.Pow(1 + monthlyDiscountRate, k);
                previous = cumulative;
            }
            rows[i] = new CustomerValue(summary.CustomerIds[i], x, tx, t, purchases.ProbabilityAlive(x, tx, t), previous, s, clv);
        }
        var ranked = rows.OrderByDescending(r => r.Clv).ThenBy(r => r.CustomerId, StringComparer.Ordinal).ToList();
        return new LifetimeValue(horizonMonths, monthlyDiscountRate, margin, ranked, ranked.Sum(r => double.IsNaN(r.Clv) ? 0 : r.Clv));
    }

    /// <summary>The customers, highest CLV first.</summary>
    public DataFrame ToDataFrame(int? top = null)
    {
        var rows = Customers.Take(top ?? Customers.Count).ToList();
        return new FrameBuilder().Add("CustomerId", rows.Select(r => r.CustomerId)).Add("Frequency", rows.Select(r => r.Frequency))
            .Add("Recency", rows.Select(r => r.Recency)).Add("T", rows.Select(r => r.T)).Add("PAlive", rows.Select(r => r.ProbabilityAlive))
            .Add($"ExpectedPurchasesIn{HorizonMonths}Months", rows.Select(r => r.ExpectedPurchases)).Add("ExpectedSpendPerPurchase", rows.Select(r => r.ExpectedSpend))
            .Add(Margin == 1 ? "CLV (revenue, margin 1)" : $"CLV (margin {Margin.ToString("0.##%", CultureInfo.InvariantCulture)})", rows.Select(r => r.Clv)).Build();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CLV over {HorizonMonths} months at {MonthlyDiscountRate:0.##%} a month, margin {Margin:0.##%}{(Margin == 1 ? " (so this is revenue, not profit: give the margin for value)" : "")}: total {Total:N2} over {Customers.Count:N0} customers, in the data's currency; median {Quantiles()[0.5]:N2}. Expected purchases are over the horizon; spend is per purchase.");
}

/// <summary>Predicted against actual purchases in a holdout, per calibration frequency (the table behind lifetimes' calibration-vs-holdout plot).</summary>
public sealed record HoldoutBucket(string Frequency, long Customers, double MeanPredicted, double MeanActual);

/// <summary>Holdout validation of a purchase model's fit (BG/NBD or Pareto/NBD).</summary>
/// <param name="Duration">Holdout length in the summary's unit.</param>
/// <param name="Predicted">Σ predicted holdout purchases.</param>
/// <param name="Actual">Σ actual holdout purchase days.</param>
/// <param name="MeanAbsoluteError">Per-customer mean |predicted − actual|.</param>
/// <param name="Buckets">By calibration frequency 0, 1, …, 6, 7+.</param>
/// <param name="PerCustomer">(id, predicted, actual, error) per customer.</param>
public sealed record HoldoutValidation(double Duration, double Predicted, double Actual, double MeanAbsoluteError,
    IReadOnlyList<HoldoutBucket> Buckets, IReadOnlyList<(string CustomerId, double Predicted, int Actual, double Error)> PerCustomer)
{
    /// <summary>Compares predictions with the summary's holdout.</summary>
    /// <exception cref="ArgumentException">The summary has no holdout.</exception>
    public static HoldoutValidation Compute(CustomerSummary summary, IPurchaseModel fit, int topBucket = 7)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(fit);
        if (summary.HoldoutFrequency is null) throw new ArgumentException("The summary has no holdout: build it with CustomerSummary.CalibrationHoldout.", nameof(summary));
        double d = summary.HoldoutDuration;
        var per = new List<(string, double, int, double)>(summary.Count);
        var sums = new (long N, double P, double A)[topBucket + 1];
        var cache = new Dictionary<(int, double, double), double>();
        for (int i = 0; i < summary.Count; i++)
        {
            var key = (summary.Frequency[i], summary.Recency[i], summary.T[i]);
            if (!cache.TryGetValue(key, out double p)) cache[key] = p = fit.ExpectedPurchases(d, key.Item1, key.Item2, key.Item3);
            int a = summary.HoldoutFrequency[i];
            per.Add((summary.CustomerIds[i], p, a, p - a));
            int b = Math.Min(summary.Frequency[i], topBucket);
            sums[b] = (sums[b].N + 1, sums[b].P + p, sums[b].A + a);
        }
        var buckets = sums.Select((s, b) => new HoldoutBucket(b == topBucket ? $"{topBucket}+" : b.ToString(CultureInfo.InvariantCulture), s.N,
            s.N > 0 ? s.P / s.N : double.NaN, s.N > 0 ? s.A / s.N : double.NaN)).ToList();
        return new HoldoutValidation(d, per.Sum(r => r.Item2), per.Sum(r => r.Item3), per.Count > 0 ? per.Average(r => Math.Abs(r.Item4)) : double.NaN, buckets, per) { Unit = summary.Unit, Model = fit.Model };
    }

    /// <summary>The model whose predictions these are.</summary>
    public string Model { get; init; } = "BG/NBD";

    /// <summary>The time unit of <see cref="Duration"/>.</summary>
    public TimeUnit Unit { get; init; } = TimeUnit.Week;

    /// <summary>The bucket table.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder().Add("Frequency", Buckets.Select(b => b.Frequency)).Add("Customers", Buckets.Select(b => b.Customers))
        .Add("MeanPredicted", Buckets.Select(b => b.MeanPredicted)).Add("MeanActual", Buckets.Select(b => b.MeanActual)).Build();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Holdout ({Duration:0.#} {Unit.ToString().ToLowerInvariant()}s): predicted {Predicted:N1} purchases, actual {Actual:N0}; mean absolute error {MeanAbsoluteError:0.###} per customer.");
}

/// <summary>The simple CLV formulas of spec §8, for comparison with the models.</summary>
public static class SimpleClv
{
    /// <summary>Historic CLV: each customer's net revenue so far (orders less returns), highest first.</summary>
    public static IReadOnlyList<(string CustomerId, double Revenue)> Historic(Customers.OrderHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var rows = new List<(string, double)>(history.CustomerCount);
        var always = new Periods.Period(DateTime.MinValue, DateTime.MaxValue);
        for (int c = 0; c < history.CustomerCount; c++) rows.Add((history.CustomerIds[c], history.ActivityIn(c, always).NetSpend));
        return rows.OrderByDescending(r => r.Item2).ToList();
    }

    /// <summary>
    /// Simple predictive CLV: AOV × orders per period × margin × expected lifetime in periods. The lifetime is 1 / churn,
    /// or with a discount rate d per period Σ_{k≥1} (1 − c)^(k−1) / (1 + d)^k = 1 / (c + d). NaN when churn and discount are both 0.
    /// </summary>
    public static double Predictive(double aov, double ordersPerPeriod, double churnPerPeriod, double margin = 1, double discountPerPeriod = 0)
    {
        if (churnPerPeriod < 0 || churnPerPeriod > 1) throw new ArgumentOutOfRangeException(nameof(churnPerPeriod), churnPerPeriod, "Churn is a fraction between 0 and 1.");
        double valuePerPeriod = aov * ordersPerPeriod * margin;
        // Σ_{k≥1} (1 − c)^(k−1) / (1 + d)^k = 1 / (c + d): the expected discounted number of periods a customer stays.
        double periods = churnPerPeriod + discountPerPeriod > 0 ? 1 / (churnPerPeriod + discountPerPeriod) : double.NaN;
        return valuePerPeriod * periods;
    }
}
