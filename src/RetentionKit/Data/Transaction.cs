namespace RetentionKit.Data;

/// <summary>
/// One canonical transaction line (spec §0). Used to build small tables by hand and by the
/// generator; loaded files go straight into <see cref="Transactions"/> column buffers.
/// </summary>
/// <param name="CustomerId">Customer id; null or empty when the line has none.</param>
/// <param name="OrderId">Order (invoice) id; null when the source has none.</param>
/// <param name="Timestamp">When the line was booked, taken as it stands (no time zone).</param>
/// <param name="Quantity">Units; negative on returns. NaN when the source has no quantity.</param>
/// <param name="UnitPrice">Price per unit; NaN when the source has none.</param>
/// <param name="Amount">Money of the line (quantity × unit price when not given); negative on returns.</param>
/// <param name="ProductId">Product (stock code); null when the source has none.</param>
/// <param name="IsReturn">Null to derive it from the return rule (negative quantity or amount, or a cancellation order id).</param>
public readonly record struct Transaction(
    string? CustomerId,
    string? OrderId,
    DateTime Timestamp,
    double Quantity = double.NaN,
    double UnitPrice = double.NaN,
    double Amount = double.NaN,
    string? ProductId = null,
    bool? IsReturn = null);
