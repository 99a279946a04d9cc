using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Teaching;

/// <summary>
/// The small tables the notebooks work by hand: small enough to check every number with a pencil, built so that each
/// case a definition distinguishes occurs (a reactivated customer, one who spends more, one who spends less).
/// </summary>
public static class ToyData
{
    /// <summary>
    /// Six customers, one order a month each over December 2023 to February 2024 (amounts in the shop's currency):
    /// Ann buys every month and spends more in February; Ben buys in January only; Cas in December and February
    /// (reactivated); Dee first in February (new); Eli from January on, spending less in February; Fay in December and
    /// January (lost in February).
    /// </summary>
    public static Transactions SixCustomers { get; } = Transactions.FromRows([
        Order("Ann", "1", 2023, 12, 5, 60), Order("Ann", "2", 2024, 1, 9, 100), Order("Ann", "3", 2024, 2, 12, 150),
        Order("Ben", "4", 2024, 1, 15, 50),
        Order("Cas", "5", 2023, 12, 20, 30), Order("Cas", "6", 2024, 2, 3, 45),
        Order("Dee", "7", 2024, 2, 20, 25),
        Order("Eli", "8", 2024, 1, 22, 80), Order("Eli", "9", 2024, 2, 26, 40),
        Order("Fay", "10", 2023, 12, 11, 20), Order("Fay", "11", 2024, 1, 30, 70)]);

    /// <summary>Months of <see cref="SixCustomers"/>: December 2023 is the base of January, January the base of February.</summary>
    public static PeriodGrid SixCustomersMonths { get; } =
        PeriodGrid.Create(PeriodLength.Month, new DateTime(2024, 1, 1), new DateTime(2024, 3, 1), new DateTime(2023, 12, 1), PeriodAnchor.Calendar);

    /// <summary>The day after the last order of <see cref="SixCustomers"/>: the "as of" date of its summaries.</summary>
    public static DateTime SixCustomersEnd { get; } = new(2024, 3, 1);

    private static Transaction Order(string customer, string id, int year, int month, int day, double amount) =>
        new(customer, id, new DateTime(year, month, day), 1, amount, amount);
}
