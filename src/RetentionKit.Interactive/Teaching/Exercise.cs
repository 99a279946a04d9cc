using System.Globalization;
using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Revenue;
using RetentionKit.Surveys;

namespace RetentionKit.Teaching;

/// <summary>What a check says: right, wrong (with a hint, never the answer), or not answered yet.</summary>
/// <param name="Exercise">The exercise's name.</param>
/// <param name="Correct">True or false; null while the answer is still a placeholder.</param>
/// <param name="Message">What to do next.</param>
public sealed record ExerciseResult(string Exercise, bool? Correct, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Correct switch { true => "✔ Right", false => "✘ Not yet", null => "… Not answered" })} ({Exercise}): {Message}";
}

/// <summary>
/// The notebooks' exercises and their checks. The expected answer is computed by the kit from the exercise's data
/// when the check runs, and compared with the student's answer; the result says right or wrong with a hint.
/// </summary>
public static class Exercise
{
    private sealed record Entry(string Question, Func<object> Expected, string Hint, double Tolerance = 1e-6);

    private static readonly Lazy<LoadReport> Retail = new(() => TransactionLoader.Load(ShippedData.Find(ShippedData.OnlineRetail)).Report);
    private static OrderHistory Toy => OrderHistory.From(ToyData.SixCustomers);
    private static PeriodRetention ToyRetention => PeriodRetention.Compute(Toy, ToyData.SixCustomersMonths);
    private static RevenueRetention ToyRevenue => RevenueRetention.Compute(Toy, ToyData.SixCustomersMonths);
    private static CustomerSummary ToySummary => CustomerSummary.From(Toy, TimeUnit.Week, ToyData.SixCustomersEnd);
    private static int IndexOf(IReadOnlyList<string> ids, string id) => ids.ToList().IndexOf(id);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["01-purchase-orders"] = new("How many purchase orders did identified customers place in Online Retail?",
            () => Retail.Value.Orders, "An order is one (customer, invoice) with a purchase: invoices without a customer and return invoices do not count. The load report has the count; distinct invoice numbers are not it."),
        ["01-share-without-customer"] = new("What share of Online Retail's accepted lines has no customer id (a fraction between 0 and 1)?",
            () => (double)Retail.Value.RowsWithoutCustomer / Retail.Value.RowsAccepted, "Divide the lines without a customer by the accepted lines (not by the lines read).", 5e-4),
        ["02-weekly-period"] = new("A customer buys every 7 days. Which calendar period is the shortest that spans three purchase cycles?",
            () => PurchaseCycle.PeriodFor(7), "Three cycles of 7 days are 21 days; find the shortest calendar unit (PeriodLength) at least that long."),
        ["02-six-weekly-period"] = new("Another buys about every 45 days. Which period does that need?",
            () => PurchaseCycle.PeriodFor(45), "Three cycles of 45 days are 135 days: compare with a quarter (91.3 days) and a half-year (182.6 days)."),
        ["03-toy-january-retention"] = new("In the six-customer toy, what is January's retention (E − N) / S, against December (a fraction)?",
            () => ToyRetention.Periods[0].RetentionRate.Value, "S is December's customers, E January's, N those whose first order is in January.", 1e-3),
        ["03-toy-january-churn"] = new("In the six-customer toy, what is January's churn, lost / S (a fraction)?",
            () => ToyRetention.Periods[0].ChurnRate.Value, "Lost: bought in December, not in January.", 1e-3),
        ["04-toy-january-grr"] = new("In the six-customer toy, what is January's gross revenue retention against December (a fraction)?",
            () => ToyRevenue.Periods[0].Grr.Value, "For December's customers sum min(January revenue, December revenue), then divide by their December revenue: growth is capped at what they spent before.", 1e-3),
        ["04-toy-january-nrr"] = new("In the six-customer toy, what is January's net revenue retention (a fraction; it can pass 1)?",
            () => ToyRevenue.Periods[0].Nrr.Value, "For December's customers divide their January revenue by their December revenue; Ben and Eli are new in January and do not count.", 1e-3),
        ["05-toy-jan-feb-repeat-ratio"] = new("In the six-customer toy, with the window January–February only, what is the repeat purchase ratio (a fraction)?",
            () => RepeatPurchase.Compute(Toy, new Period(new DateTime(2024, 1, 1), ToyData.SixCustomersEnd)).RepeatPurchaseRatio.Value, "Only orders in the window count: customers with two or more of them over customers with one or more.", 1e-3),
        ["05-toy-dec-jan-repeat-ratio"] = new("And with the window December–January?",
            () => RepeatPurchase.Compute(Toy, new Period(new DateTime(2023, 12, 1), new DateTime(2024, 2, 1))).RepeatPurchaseRatio.Value, "Leave February's orders out; Cas then has one order and Dee none.", 1e-3),
        ["06-toy-fay-frequency"] = new("In the toy's weekly BG/NBD summary as of 2024-03-01, what is Fay's frequency x?",
            () => { var s = ToySummary; return (long)s.Frequency[IndexOf(s.CustomerIds, "Fay")]; }, "x counts repeat purchases: purchase days after the first."),
        ["06-toy-fay-recency"] = new("And Fay's recency t_x, in weeks?",
            () => { var s = ToySummary; return s.Recency[IndexOf(s.CustomerIds, "Fay")]; }, "Days from Fay's first purchase to her last, divided by 7.", 1e-3),
        ["07-toy-days-silent"] = new("As of 2024-03-01, how many days has Ben been silent in the six-customer toy?",
            () => { var h = Toy; return (long)(ToyData.SixCustomersEnd - h.OrderTimesOf(IndexOf(h.CustomerIds, "Ben")).Max().Date).TotalDays; }, "Days from the last order (not the first) to the as-of date."),
        ["07-gap-ratio"] = new("A customer whose rhythm is 12 days has been silent for 30 days: the gap is how many rhythms long, and is the customer on the warning list (1.5 to 3 rhythms)? Give the ratio.",
            () => 30.0 / 12.0, "Divide the current gap by the rhythm.", 1e-3),
        ["08-nps"] = new("Ten answers: 10, 10, 9, 8, 8, 7, 6, 5, 2, 9. What is the NPS (in points, −100 to 100)?",
            () => NetPromoterScore.Compute([10, 10, 9, 8, 8, 7, 6, 5, 2, 9]).Score, "Promoters answer 9 or 10, detractors 0 to 6; NPS = % promoters − % detractors.", 1e-3),
        ["08-csat"] = new("Eight answers on the 1–5 satisfaction scale: 5, 4, 4, 3, 5, 2, 4, 1. What is CSAT (a fraction)?",
            () => CustomerSatisfaction.Compute([5, 4, 4, 3, 5, 2, 4, 1]).Score.Value, "CSAT is the share of answers that are 4 or 5.", 1e-3),
    };

    /// <summary>Every exercise's name.</summary>
    public static IReadOnlyList<string> Names => Entries.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The question of an exercise.</summary>
    public static string Question(string exercise) => Find(exercise).Question;

    /// <summary>
    /// Checks an answer. Numbers pass within a small tolerance; a rate can be given as a fraction (0.25). A placeholder
    /// (null, NaN) says the exercise is not answered yet.
    /// </summary>
    public static ExerciseResult Check(string exercise, object? answer)
    {
        var entry = Find(exercise);
        if (answer is null || answer is double d && double.IsNaN(d) || answer is Rate { IsDefined: false })
            return new ExerciseResult(exercise, null, "replace the placeholder with your answer and run the cell again. " + entry.Question);
        var expected = entry.Expected();
        bool right;
        string? extra = null;
        if (expected is PeriodLength p)
            right = answer is PeriodLength a && a.Equals(p);
        else
        {
            double want = Convert.ToDouble(expected, CultureInfo.InvariantCulture);
            double? got = answer switch
            {
                Rate r => r.Value,
                IConvertible c when answer is not string => c.ToDouble(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (got is null) return new ExerciseResult(exercise, false, $"expected a number, got {answer.GetType().Name}. {entry.Hint}");
            right = Math.Abs(got.Value - want) <= entry.Tolerance * Math.Max(1, Math.Abs(want));
            if (!right && want is > 0 and <= 1 && Math.Abs(got.Value / 100 - want) <= entry.Tolerance * 10)
                extra = "it looks like a percentage: give the rate as a fraction (0.25 for 25 %).";
        }
        return right
            ? new ExerciseResult(exercise, true, "that is what the kit computes.")
            : new ExerciseResult(exercise, false, extra ?? entry.Hint);
    }

    private static Entry Find(string exercise) =>
        Entries.TryGetValue(exercise ?? "", out var e) ? e
            : throw new ArgumentException($"no exercise named '{exercise}'; the exercises are: {string.Join(", ", Names)}.", nameof(exercise));
}
