using System.Globalization;

namespace RetentionKit.Retention;

/// <summary>
/// The aggregate numbers of seed 000's retention calculator, for someone with no transaction file: customer counts for
/// one period, and optionally the start customers' revenue, order value and frequency. Null means not known.
/// </summary>
public sealed record CalculatorInputs
{
    /// <summary>S: customers at the start of the period.</summary>
    public long? Start { get; init; }
    /// <summary>E: customers at the end.</summary>
    public long? End { get; init; }
    /// <summary>N: customers acquired during the period.</summary>
    public long? New { get; init; }
    /// <summary>Customers lost (cancelled, ended) during the period; when unknown, S − (E − N), which assumes nobody came back.</summary>
    public long? Lost { get; init; }
    /// <summary>Days in the period (for the 30-day equivalent of churn).</summary>
    public double? PeriodDays { get; init; }
    /// <summary>The monthly churn alert threshold (seed 000: 7 %).</summary>
    public double AlertThreshold { get; init; } = 0.07;
    /// <summary>Revenue of the start customers in the previous period.</summary>
    public double? RevenueStart { get; init; }
    /// <summary>Revenue of the same customers in this period (new customers left out).</summary>
    public double? RevenueEnd { get; init; }
    /// <summary>Revenue lost: the lost customers' previous revenue plus the contraction of those who stayed.</summary>
    public double? RevenueLost { get; init; }
    /// <summary>Average order value.</summary>
    public double? Aov { get; init; }
    /// <summary>Orders per customer per period.</summary>
    public double? Frequency { get; init; }
    /// <summary>Profit margin on revenue, 0–1 (1: the CLV is revenue).</summary>
    public double Margin { get; init; } = 1;
    /// <summary>Discount rate per period.</summary>
    public double Discount { get; init; }
}

/// <summary>One result of the calculator: its value, the formula with the numbers put in, or why it could not be computed.</summary>
/// <param name="Name">What it is.</param>
/// <param name="Value">The value; NaN when it could not be computed.</param>
/// <param name="Formula">The formula with the inputs, or what was missing.</param>
/// <param name="IsRate">Whether the value is a rate (shown as a percentage).</param>
public sealed record CalculatedMetric(string Name, double Value, string Formula, bool IsRate)
{
    /// <summary>Whether the value could be computed.</summary>
    public bool IsDefined => !double.IsNaN(Value);

    /// <inheritdoc />
    public override string ToString() => IsDefined
        ? $"{Name}: {(IsRate ? (Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : Value.ToString("#,##0.00", CultureInfo.InvariantCulture))}   {Formula}"
        : $"{Name}: n/a   {Formula}";
}

/// <summary>The calculator's results, with the assumptions it made.</summary>
/// <param name="Metrics">Retention, churn, its 30-day equivalent, revenue churn, GRR, NRR, simple CLV.</param>
/// <param name="Alert">Whether the churn alert fires; null when the 30-day churn could not be computed.</param>
/// <param name="Notes">Assumptions and the basis of the alert.</param>
public sealed record CalculatorResult(IReadOnlyList<CalculatedMetric> Metrics, bool? Alert, IReadOnlyList<string> Notes)
{
    /// <summary>The metric of that name.</summary>
    public CalculatedMetric this[string name] => Metrics.Single(m => m.Name == name);

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("\n", Metrics.Select(m => m.ToString()))
        + (Alert is { } a ? $"\nchurn alert: {(a ? "ALERT" : "no alert")}" : "")
        + string.Concat(Notes.Select(n => "\nnote: " + n));
}

/// <summary>
/// Seed 000's calculator: every metric the seeds define that aggregate numbers allow, each with its formula and inputs,
/// and for the others what is missing. The formulas are the kit's own (spec §2–§4, §8).
/// </summary>
public static class RetentionCalculator
{
    /// <summary>Computes what the inputs allow.</summary>
    /// <exception cref="ArgumentException">A count is negative, E − N is negative, or lost exceeds S.</exception>
    public static CalculatorResult Compute(CalculatorInputs i)
    {
        ArgumentNullException.ThrowIfNull(i);
        foreach (var (name, v) in new[] { ("start", i.Start), ("end", i.End), ("new", i.New), ("lost", i.Lost) })
            if (v < 0) throw new ArgumentException($"{name}: a number of customers cannot be negative ({v}).");
        if (i.End is { } e0 && i.New is { } n0 && e0 < n0) throw new ArgumentException($"end ({e0}) is below new ({n0}): the customers at the end include the new ones, so E ≥ N.");
        if (i.Lost is { } l0 && i.Start is { } s0 && l0 > s0) throw new ArgumentException($"lost ({l0}) exceeds start ({s0}): only customers there at the start can be lost.");
        if (i.PeriodDays is <= 0) throw new ArgumentException($"period days must be positive, not {i.PeriodDays}.");
        if (i.Margin is <= 0 or > 1) throw new ArgumentException($"margin must be above 0 and at most 1, not {i.Margin}.");
        if (i.Discount < 0) throw new ArgumentException($"discount cannot be negative ({i.Discount}).");
        var inv = CultureInfo.InvariantCulture;
        var metrics = new List<CalculatedMetric>();
        var notes = new List<string>();
        string Need(params (string Name, bool Missing)[] what) => "needs " + string.Join(", ", what.Where(w => w.Missing).Select(w => w.Name));

        // Retention (E − N) / S.
        double retention = double.NaN;
        if (i.Start is { } s && i.End is { } e && i.New is { } n)
        {
            var r = RetentionFormulas.CustomerRetentionRate(s, e, n);
            retention = r.Value;
            metrics.Add(new("retention", r.Value, r.IsDefined ? string.Create(inv, $"(E − N) / S = ({e:N0} − {n:N0}) / {s:N0}") : "undefined: S = 0", true));
        }
        else metrics.Add(new("retention", double.NaN, Need(("--start", i.Start is null), ("--end", i.End is null), ("--new", i.New is null)), true));

        // Churn = lost / S; lost from E and N when not given.
        double churn = double.NaN;
        long? lost = i.Lost;
        if (lost is null && i.Start is { } s1 && i.End is { } e1 && i.New is { } n1)
        {
            lost = Math.Max(0, s1 - (e1 - n1));
            notes.Add(string.Create(inv, $"lost = S − (E − N) = {lost:N0} assumes no customer came back after leaving; give --lost when you know the cancellations."));
        }
        if (i.Start is { } s2 && lost is { } l)
        {
            var c = RetentionFormulas.ChurnRate(l, s2);
            churn = c.Value;
            metrics.Add(new("churn", c.Value, c.IsDefined ? string.Create(inv, $"lost / S = {l:N0} / {s2:N0}") : "undefined: S = 0", true));
        }
        else metrics.Add(new("churn", double.NaN, Need(("--start", i.Start is null), ("--lost, or --end and --new", lost is null)), true));

        // 30-day equivalent and the alert.
        bool? alert = null;
        if (!double.IsNaN(churn) && i.PeriodDays is { } days)
        {
            double c30 = RetentionFormulas.ThirtyDayEquivalent(churn, days);
            metrics.Add(new("churn per 30 days", c30, string.Create(inv, $"1 − (1 − {churn:0.####})^(30 / {days:0.##})"), true));
            alert = c30 > i.AlertThreshold;
            notes.Add(string.Create(inv, $"the alert compares churn per 30 days with {i.AlertThreshold:0.##%} (seed 000). It is meant for contractual churn (cancellations, ended subscriptions); for customers who buy without a contract, use the monthly lapse rate of `retention metrics` instead."));
        }
        else metrics.Add(new("churn per 30 days", double.NaN, Need(("churn", double.IsNaN(churn)), ("--period-days", i.PeriodDays is null)), true));

        // Revenue churn, GRR, NRR.
        if (i.RevenueStart is { } r0 && i.RevenueLost is { } rl)
        {
            if (rl < 0 || rl > r0) throw new ArgumentException(string.Create(inv, $"revenue lost ({rl:N2}) must be between 0 and the start revenue ({r0:N2})."));
            double rc = r0 > 0 ? rl / r0 : double.NaN;
            metrics.Add(new("revenue churn", rc, r0 > 0 ? string.Create(inv, $"revenue lost / revenue at the start = {rl:N2} / {r0:N2}") : "undefined: no revenue at the start", true));
            metrics.Add(new("GRR", r0 > 0 ? 1 - rc : double.NaN, r0 > 0 ? string.Create(inv, $"1 − revenue churn = ({r0:N2} − {rl:N2}) / {r0:N2}") : "undefined: no revenue at the start", true));
            metrics.Add(new("revenue lost", rl, "as given (an amount, seed 000)", false));
        }
        else
        {
            string need = Need(("--revenue-start", i.RevenueStart is null), ("--revenue-lost", i.RevenueLost is null));
            metrics.Add(new("revenue churn", double.NaN, need, true));
            metrics.Add(new("GRR", double.NaN, need, true));
        }
        if (i.RevenueStart is { } r0b && i.RevenueEnd is { } r1)
            metrics.Add(new("NRR", r0b > 0 ? r1 / r0b : double.NaN, r0b > 0 ? string.Create(inv, $"revenue of the start customers now / at the start = {r1:N2} / {r0b:N2}") : "undefined: no revenue at the start", true));
        else metrics.Add(new("NRR", double.NaN, Need(("--revenue-start", i.RevenueStart is null), ("--revenue-end", i.RevenueEnd is null)), true));

        // Simple CLV.
        if (i.Aov is { } aov && i.Frequency is { } f && !double.IsNaN(churn))
        {
            double clv = RetentionKit.Clv.SimpleClv.Predictive(aov, f, churn, i.Margin, i.Discount);
            metrics.Add(new("simple CLV", clv, double.IsNaN(clv) ? "undefined: churn and discount are both 0 (a customer would stay for ever)"
                : string.Create(inv, $"AOV × orders per period × margin / (churn + discount) = {aov:N2} × {f:0.##} × {i.Margin:0.##} / ({churn:0.####} + {i.Discount:0.####})"), false));
            if (i.Margin == 1) notes.Add("simple CLV with margin 1 is revenue per customer; give --margin for value.");
        }
        else metrics.Add(new("simple CLV", double.NaN, Need(("--aov", i.Aov is null), ("--frequency", i.Frequency is null), ("churn", double.IsNaN(churn))), false));
        return new CalculatorResult(metrics, alert, notes);
    }
}
