namespace RetentionKit.Data;

/// <summary>
/// A record's fields as the loader would read them, worked out on the read-ahead thread for the common case: a date in
/// ISO or compact form, numbers in the file's culture, whole-number ids. <see cref="Ok"/> is true only when every field
/// passes the loader's checks as it stands (exact duplicates are still the loader's to find); anything else (a
/// rejection, a date in the culture's or a given format) is left to the loader, which reads that record's text in full
/// as before. A d/m/y date under the invariant culture comes as its numbers (<see cref="DatePending"/>): its day/month
/// order depends on the lines before, so the loader settles it.
/// </summary>
internal struct PreparedRow
{
    public bool Ok;
    public bool IsReturn;
    public DateTime Time;
    public double Quantity, UnitPrice, Amount;
    public byte QuantityKind, UnitPriceKind, AmountKind; // AmbiguityTally's kinds of the number cells
    public long Customer, Order, Product;                // whole-number ids by value, else -1 (StringPool.WholeNumber)
    public bool DatePending;                             // Time not set: the date's numbers, for DateReader.TryPrepared
    public int DateA, DateB, DateYear;
    public long TimeTicks;                               // -1: no time of day

    /// <summary>A record not prepared: the loader reads all of it.</summary>
    public static readonly PreparedRow None;
}

/// <summary>
/// Runs beside the CSV split on the read-ahead thread (<see cref="ReadAheadRecordSource.PrepareWith"/>), for each batch
/// that thread fills while the reading thread is behind: the two cores then share the parse rather than one core
/// parsing while the other waits. It only reads; the loader keeps
/// every decision, the id codes and the report.
/// </summary>
internal sealed class RowPreparer
{
    /// <summary>
    /// For tests: true prepares every batch, false none; null (always, outside tests) lets the read-ahead thread choose.
    /// The loader's result must not depend on it.
    /// </summary>
    internal static bool? Every { get; set; }

    private readonly int _width, _date, _qty, _price, _amount, _flag, _customer, _order, _product;
    private readonly bool _fastDates, _numericDates;
    private readonly string? _cancellationPrefix;
    private readonly NumberReader _numbers;
    private readonly char _decimal, _group;

    public RowPreparer(int width, int date, int quantity, int unitPrice, int amount, int flag, int customer, int order, int product,
        LoadOptions options)
    {
        (_width, _date, _qty, _price, _amount, _flag, _customer, _order, _product) = (width, date, quantity, unitPrice, amount, flag, customer, order, product);
        // Given formats are the user's word: those dates go through DateReader with them.
        _fastDates = options.DateFormats is null;
        // Under the invariant culture d/m/y dates have their order detected from the data (DateReader.DetectsOrder).
        _numericDates = _fastDates && options.Culture.Name.Length == 0;
        _cancellationPrefix = options.CancellationPrefix;
        _numbers = new NumberReader(options.Culture);
        (_decimal, _group) = AmbiguityTally.Separators(options.Culture);
    }

    public void Prepare(IRecordSource record, ref PreparedRow row)
    {
        row.Ok = false;
        if (!_fastDates || record.FieldCount != _width) return;
        var date = Cell.Trim(record.Field(_date));
        row.DatePending = false;
        if (!DateReader.TryFast(date, out row.Time))
        {
            if (!_numericDates || !DateReader.TryNumericParts(date, out row.DateA, out row.DateB, out row.DateYear, out row.TimeTicks)) return;
            row.DatePending = true;
        }
        double qty = double.NaN, price = double.NaN, amount = double.NaN;
        if (_qty >= 0 && !Number(record.Field(_qty), out qty, out row.QuantityKind)) return;
        if (_price >= 0 && !Number(record.Field(_price), out price, out row.UnitPriceKind)) return;
        if (_amount >= 0 && !Number(record.Field(_amount), out amount, out row.AmountKind)) return;
        if (_amount < 0)
        {
            amount = qty * price;
            if (_qty >= 0 && _price >= 0 && !double.IsFinite(amount)) return; // the loader rejects it, with its reason
        }
        bool flag = false;
        if (_flag >= 0 && !FlagReader.TryParse(record.Field(_flag), out flag)) return;
        var order = _order >= 0 ? Cell.Trim(record.Field(_order)) : default;
        row.Quantity = qty; row.UnitPrice = price; row.Amount = amount;
        row.IsReturn = flag || ReturnRule.IsReturn(qty, amount, order, _cancellationPrefix);
        row.Customer = StringPool.WholeNumber(Cell.Trim(record.Field(_customer)));
        row.Order = _order >= 0 ? StringPool.WholeNumber(order) : -1;
        row.Product = _product >= 0 ? StringPool.WholeNumber(Cell.Trim(record.Field(_product))) : -1;
        row.Ok = true;
    }

    private bool Number(ReadOnlySpan<char> cell, out double value, out byte kind)
    {
        kind = 0;
        if (!_numbers.TryParse(cell, out value, out _)) return false; // immutable, so safe on this thread
        kind = AmbiguityTally.Classify(Cell.Trim(cell), _decimal, _group);
        return true;
    }
}
