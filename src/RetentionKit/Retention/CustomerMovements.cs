using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Retention;

/// <summary>How a customer moved from one period to the next (spec §2 on transaction data).</summary>
public enum Movement
{
    /// <summary>First order ever in this period (N).</summary>
    New,
    /// <summary>Ordered in the previous period and in this one.</summary>
    Retained,
    /// <summary>Ordered in the previous period, not in this one.</summary>
    Lost,
    /// <summary>Ordered in this period, not in the previous one, and before that.</summary>
    Reactivated,
}

/// <summary>One customer's movement into a period.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Movement">New, retained, lost or reactivated.</param>
/// <param name="OrdersBefore">Orders in the previous period.</param>
/// <param name="OrdersNow">Orders in this period.</param>
public sealed record CustomerMovement(string CustomerId, Movement Movement, int OrdersBefore, int OrdersNow);

/// <summary>
/// The customers behind one row of <see cref="PeriodRetention"/>: who was retained, lost, reactivated or new, so the
/// counts can be checked customer by customer and the lost or reactivated customers followed up. Customers active in
/// neither period are not listed. S = retained + lost, E = retained + reactivated + new.
/// </summary>
/// <param name="Previous">The previous period (S's period).</param>
/// <param name="Current">The period.</param>
/// <param name="Customers">Every customer active in either period: lost, reactivated, new, then retained, each by id.</param>
public sealed record CustomerMovements(Period Previous, Period Current, IReadOnlyList<CustomerMovement> Customers)
{
    /// <summary>Customers active in the previous period.</summary>
    public long S => Count(Movement.Retained) + Count(Movement.Lost);
    /// <summary>Customers active in this period.</summary>
    public long E => Count(Movement.Retained) + Count(Movement.Reactivated) + Count(Movement.New);
    /// <summary>Customers whose first order is in this period.</summary>
    public long N => Count(Movement.New);

    /// <summary>How many customers moved this way.</summary>
    public long Count(Movement movement) => Customers.Count(c => c.Movement == movement);

    /// <summary>The movements into period <paramref name="index"/> of <paramref name="grid"/> (0 = the first compared period).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The grid has no such period.</exception>
    public static CustomerMovements Of(OrderHistory history, PeriodGrid grid, int index)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(grid);
        if (index < 0 || index >= grid.Periods.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the grid has {grid.Periods.Count} compared period{(grid.Periods.Count == 1 ? "" : "s")} (0 to {grid.Periods.Count - 1}).");
        var a = PeriodActivity.Build(history, grid);
        var list = new List<CustomerMovement>();
        for (int c = 0; c < history.CustomerCount; c++)
        {
            int before = 0, now = 0;
            for (int j = a.CellStart[c]; j < a.CellStart[c + 1]; j++)
            {
                if (a.CellPeriod[j] == index - 1) before = a.CellOrders[j];
                else if (a.CellPeriod[j] == index) now = a.CellOrders[j];
            }
            Movement? m = (before > 0, now > 0) switch
            {
                (true, true) => Movement.Retained,
                (true, false) => Movement.Lost,
                (false, true) => a.FirstPeriod[c] == index ? Movement.New : Movement.Reactivated,
                _ => null,
            };
            if (m is { } movement) list.Add(new CustomerMovement(history.CustomerIds[c], movement, before, now));
        }
        // The ones to follow up first: lost (win back), reactivated (learn from), new, retained.
        static int Order(Movement m) => m switch { Movement.Lost => 0, Movement.Reactivated => 1, Movement.New => 2, _ => 3 };
        list.Sort((x, y) => x.Movement != y.Movement ? Order(x.Movement).CompareTo(Order(y.Movement)) : string.CompareOrdinal(x.CustomerId, y.CustomerId));
        var previous = index == 0 ? grid.BasePeriod : grid.Periods[index - 1];
        return new CustomerMovements(previous, grid.Periods[index], list);
    }

    /// <summary>One row per customer.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("CustomerId", Customers.Select(c => c.CustomerId))
        .Add("Movement", Customers.Select(c => c.Movement.ToString()))
        .Add("OrdersBefore", Customers.Select(c => (long)c.OrdersBefore))
        .Add("OrdersNow", Customers.Select(c => (long)c.OrdersNow))
        .Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Previous} → {Current}: S = {S} (retained {Count(Movement.Retained)} + lost {Count(Movement.Lost)}), E = {E} (retained {Count(Movement.Retained)} + reactivated {Count(Movement.Reactivated)} + new {N}), N = {N}");
}
