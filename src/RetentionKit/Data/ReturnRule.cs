namespace RetentionKit.Data;

/// <summary>
/// Spec §0: a return is a line with negative quantity or amount, or a cancellation order id.
/// Online Retail marks cancellations with a leading <c>C</c> on the invoice number (<c>C536379</c>).
/// </summary>
public static class ReturnRule
{
    /// <summary>
    /// True when <paramref name="orderId"/> starts with <paramref name="prefix"/> followed by a digit.
    /// The digit matters: ids such as <c>CA-2017-152156</c> (Superstore) are ordinary orders.
    /// </summary>
    public static bool IsCancellationId(ReadOnlySpan<char> orderId, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || orderId.Length <= prefix.Length) return false;
        return orderId.StartsWith(prefix.AsSpan(), StringComparison.OrdinalIgnoreCase)
               && char.IsDigit(orderId[prefix.Length]);
    }

    /// <summary>Applies the whole rule to one line.</summary>
    public static bool IsReturn(double quantity, double amount, ReadOnlySpan<char> orderId, string? cancellationPrefix) =>
        quantity < 0 || amount < 0 || IsCancellationId(orderId, cancellationPrefix);
}
