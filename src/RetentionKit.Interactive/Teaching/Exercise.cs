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
    private static RetentionPeriod ToyFebruary => PeriodRetention.Compute(Toy, ToyData.SixCustomersMonths).Periods[1];
    private static RevenuePeriod ToyRevenueFebruary => RevenueRetention.Compute(Toy, ToyData.SixCustomersMonths).Periods[1];
    private static CustomerSummary ToySummary => CustomerSummary.From(Toy, TimeUnit.Week, ToyData.SixCustomersEnd);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["01-purchase-orders"] = new("How many purchase orders did identified customers place in Online Retail?",
            () => Retail.Value.Orders, "An order is one (customer, invoice) with a purchase: invoices without a customer and return invoices do not count. The load report has the count; distinct invoice numbers are not it."),
        ["01-share-without-customer"] = new("What share of Online Retail's accepted lines has no customer id (a fraction between 0 and 1)?",
            () => (double)Retail.Value.RowsWithoutCustomer / Retail.Value.RowsAccepted, "Divide the lines without a customer by the accepted lines (not by the lines read).", 5e-4),
        ["02-fortnightly-period"] = new("Seed 003: a customer buys every 14 days. Which calendar period is the shortest that spans three cycles?",
            () => PurchaseCycle.PeriodFor(14), "Three cycles of 14 days are 42 days; find the shortest calendar unit at least that long (PeriodLength.Month is 30.4 days)."),
        ["02-quarterly-period"] = new("Seed 003: another buys about every 91 days (quarterly). Which period does that need?",
            () => PurchaseCycle.PeriodFor(91), "Three cycles of 91 days are 273 days: compare with a half-year (182.6 days) and a year."),
        ["03-toy-strict-retention"] = new("In the six-customer toy, what is February's strict retention (a fraction)?",
            () => ToyFebruary.StrictRetentionRate.Value, "S is January's customers; count those who also bought in February. Reactivated and new customers are not retained.", 1e-3),
        ["03-toy-reactivated"] = new("In the six-customer toy, how many customers were reactivated in February?",
            () => ToyFebruary.Reactivated, "Reactivated: bought in February, not in January, and had bought before January."),
        ["04-toy-grr"] = new("In the six-customer toy, what is February's gross revenue retention (a fraction)?",
            () => ToyRevenueFebruary.Grr.Value, "For January's customers sum min(February revenue, January revenue), then divide by their January revenue. Expansion is capped; new and reactivated customers are out.", 1e-3),
        ["04-toy-nrr"] = new("In the six-customer toy, what is February's net revenue retention (a fraction)?",
            () => ToyRevenueFebruary.Nrr.Value, "For January's customers divide their February revenue by their January revenue; Cas and Dee are not among them.", 1e-3),
        ["05-toy-repeat-ratio"] = new("In the six-customer toy (December to February), what is the repeat purchase ratio (a fraction)?",
            () => RepeatPurchase.Compute(Toy, new Period(new DateTime(2023, 12, 1), ToyData.SixCustomersEnd)).RepeatPurchaseRatio.Value, "Customers with at least two orders in the window over customers with at least one.", 1e-3),
        ["05-toy-loyal-customers"] = new("In the six-customer toy, how many customers are loyal (three or more orders)?",
            () => (long)RepeatPurchase.Compute(Toy, new Period(new DateTime(2023, 12, 1), ToyData.SixCustomersEnd)).LoyalCustomers, "Count the customers with an order in each of the three months."),
        ["06-toy-frequency"] = new("In the toy's BG/NBD summary as of 2024-03-01, what is Ann's frequency x?",
            () => (long)ToySummary.Frequency[ToySummary.CustomerIds.ToList().IndexOf("Ann")], "x counts repeat purchases: orders after the first (on different days)."),
        ["06-toy-age"] = new("In the same summary (weeks), what is Cas's T, the time from the first purchase to the end of the observation?",
            () => ToySummary.T[ToySummary.CustomerIds.ToList().IndexOf("Cas")], "Days from Cas's first order (2023-12-20) to the last day observed (the day before 2024-03-01), divided by 7.", 1e-3),
        ["07-toy-days-silent"] = new("As of 2024-03-01, how many days has Ben been silent in the six-customer toy?",
            () => (long)(ToyData.SixCustomersEnd - new DateTime(2024, 1, 15)).TotalDays, "Days from the last order (not the first) to the as-of date."),
        ["07-overdue-factor"] = new("A customer reorders every 10 days and has been silent for 39 days: how many of their cycles long is the gap (the ratio the early-warning rule compares with 1.5)?",
            () => 39.0 / 10.0, "Divide the current gap by the customer's usual interval.", 1e-3),
        ["08-nps"] = new("Ten answers: 10, 9, 9, 8, 7, 6, 3, 10, 2, 9. What is the NPS (in points, −100 to 100)?",
            () => NetPromoterScore.Compute([10, 9, 9, 8, 7, 6, 3, 10, 2, 9]).Score, "Promoters answer 9 or 10, detractors 0 to 6; NPS = % promoters − % detractors.", 1e-3),
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
