using System.Globalization;
using RetentionKit.Customers;

namespace RetentionKit.EarlyWarning;

/// <summary>How one warning rule did against known outcomes.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Flagged">Customers it flagged.</param>
/// <param name="Caught">Flagged customers who were targets.</param>
/// <param name="Targets">All targets.</param>
public sealed record WarningScore(string Rule, long Flagged, long Caught, long Targets)
{
    /// <summary>Caught / flagged: how many of the warnings were right.</summary>
    public Rate Precision => Rate.Of(Caught, Flagged, "nothing flagged");
    /// <summary>Caught / targets: how many of the customers to catch were caught.</summary>
    public Rate Recall => Rate.Of(Caught, Targets, "no targets");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Rule}: {Flagged:N0} flagged, {Caught:N0} of {Targets:N0} targets caught; precision {Precision}, recall {Recall}");
}

/// <summary>
/// The early warning held against known outcomes (the generator knows who left and when): at an as-of date, the targets
/// are customers who have already made their final order but recently, so a warning could still reach them. The kit's
/// list is scored beside the naive rule "no order for N days".
/// </summary>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Kit">The kit's early warning.</param>
/// <param name="Naive">The naive rule.</param>
/// <param name="NaiveAtKitThreshold">The naive rule at the kit's own threshold for the typical customer (1.5 typical cycles), the same for everyone: what the per-customer rhythm adds.</param>
public sealed record WarningEvaluation(DateTime AsOf, WarningScore Kit, WarningScore Naive, WarningScore NaiveAtKitThreshold)
{
    /// <summary>Scores the kit's list and the naive rule at <paramref name="asOf"/> against <paramref name="targets"/>.</summary>
    public static WarningEvaluation Evaluate(OrderHistory history, DateTime asOf, IReadOnlySet<string> targets, AtRiskOptions? options = null, int naiveDays = 90)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(targets);
        var list = AtRiskCustomers.Find(history, asOf, options);
        var kit = list.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
        int tuned = (int)Math.Round(list.Options.OverdueFactor * list.PopulationCycleDays);
        HashSet<string> Quiet(int days)
        {
            var flagged = new HashSet<string>(StringComparer.Ordinal);
            for (int c = 0; c < history.CustomerCount; c++)
            {
                DateTime? last = null;
                foreach (var t in history.OrderTimesOf(c)) if (t < asOf) last = t; else break;
                if (last is { } l && (asOf - l).TotalDays >= days) flagged.Add(history.CustomerIds[c]);
            }
            return flagged;
        }
        WarningScore Score(string rule, HashSet<string> flagged) => new(rule, flagged.Count, flagged.Count(targets.Contains), targets.Count);
        return new WarningEvaluation(asOf, Score("the kit's early warning", kit), Score($"no order for {naiveDays} days", Quiet(naiveDays)),
            Score($"no order for {tuned} days", Quiet(tuned)));
    }

    /// <inheritdoc />
    public override string ToString() => $"at {AsOf:yyyy-MM-dd}:\n  {Kit}\n  {Naive}\n  {NaiveAtKitThreshold}";
}
