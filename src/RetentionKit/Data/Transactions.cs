using Microsoft.Data.Analysis;

namespace RetentionKit.Data;

/// <summary>
/// A canonical transaction table held as typed column buffers (spec §0). Ids are dictionary-encoded:
/// <see cref="CustomerCodes"/>[i] indexes <see cref="CustomerIds"/>, and −1 means "no customer id".
/// This is what metrics read in their inner loops; <see cref="ToDataFrame"/> is how it is shown.
/// Immutable once built.
/// </summary>
public sealed class Transactions
{
    internal readonly int[] Customer;
    internal readonly int[] Order;
    internal readonly DateTime[] Time;
    internal readonly double[] Qty;
    internal readonly double[] Price;
    internal readonly double[] Money;
    internal readonly int[] Product;
    internal readonly bool[] Return;

    internal Transactions(int count, int[] customer, IReadOnlyList<string> customerIds, int[] order, IReadOnlyList<string> orderIds,
        DateTime[] time, double[] qty, double[] price, double[] money, int[] product, IReadOnlyList<string> productIds, IReadOnlyList<string?> productNames,
        bool[] isReturn, IReadOnlyDictionary<string, string[]> extra, bool hasOrderIds, bool hasQuantity,
        bool hasUnitPrice, bool hasAmount, bool hasProducts, LineRules rules, string? cancellationPrefix)
    {
        ProductNames = productNames;
        CancellationPrefix = cancellationPrefix;
        Count = count;
        Customer = customer; CustomerIds = customerIds;
        Order = order; OrderIds = orderIds;
        Time = time; Qty = qty; Price = price; Money = money;
        Product = product; ProductIds = productIds;
        Return = isReturn;
        ExtraColumns = extra;
        HasOrderIds = hasOrderIds; HasQuantity = hasQuantity; HasUnitPrice = hasUnitPrice;
        HasAmount = hasAmount; HasProducts = hasProducts;
        _rules = rules;
        _lines = new Lazy<LineClasses>(() => LineClasses.Classify(this, rules));
    }

    private Transactions(Transactions t, LineRules rules)
    {
        Count = t.Count; Customer = t.Customer; CustomerIds = t.CustomerIds; Order = t.Order; OrderIds = t.OrderIds;
        Time = t.Time; Qty = t.Qty; Price = t.Price; Money = t.Money; Product = t.Product; ProductIds = t.ProductIds;
        ProductNames = t.ProductNames; Return = t.Return; ExtraColumns = t.ExtraColumns; HasOrderIds = t.HasOrderIds;
        HasQuantity = t.HasQuantity; HasUnitPrice = t.HasUnitPrice; HasAmount = t.HasAmount; HasProducts = t.HasProducts;
        CancellationPrefix = t.CancellationPrefix;
        _rules = rules;
        _lines = new Lazy<LineClasses>(() => LineClasses.Classify(this, rules));
    }

    // Classified on first use: loading alone does not pay for it.
    private readonly Lazy<LineClasses> _lines;
    private readonly LineRules _rules;

    /// <summary>
    /// The lines of one segment: those whose kept column <paramref name="column"/> holds <paramref name="value"/> (case
    /// ignored), say one country. Load with <see cref="LoadOptions.KeepExtraColumns"/> to keep such columns. Customers
    /// are those with a line in the segment; cancellations are matched within it.
    /// </summary>
    /// <exception cref="ArgumentException">No such kept column.</exception>
    public Transactions Segment(string column, string value)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!ExtraColumns.TryGetValue(column, out var values))
            throw new ArgumentException(ExtraColumns.Count == 0
                ? $"no column '{column}' was kept: load with KeepExtraColumns = true (--keep-columns) to keep the columns the kit does not map."
                : $"no kept column '{column}'; the kept columns are {string.Join(", ", ExtraColumns.Keys)}.", nameof(column));
        var rows = new List<int>();
        for (int i = 0; i < Count; i++) if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase)) rows.Add(i);
        return Subset(rows);
    }

    private Transactions Subset(List<int> rows)
    {
        int n = rows.Count;
        static int[] Recode(int[] codes, List<int> rows, IReadOnlyList<string> ids, List<string> newIds, List<int> oldOfNew)
        {
            var map = new Dictionary<int, int>();
            var result = new int[rows.Count];
            for (int j = 0; j < rows.Count; j++)
            {
                int old = codes[rows[j]];
                if (old < 0) { result[j] = -1; continue; }
                if (!map.TryGetValue(old, out int code)) { code = map[old] = newIds.Count; newIds.Add(ids[old]); oldOfNew.Add(old); }
                result[j] = code;
            }
            return result;
        }
        List<string> customers = new(), orders = new(), products = new();
        List<int> oldProduct = new(), unused = new();
        var customer = Recode(Customer, rows, CustomerIds, customers, unused);
        var order = Recode(Order, rows, OrderIds, orders, unused);
        var product = Recode(Product, rows, ProductIds, products, oldProduct);
        var names = oldProduct.Select(p => p < ProductNames.Count ? ProductNames[p] : null).ToList();
        T[] Pick<T>(T[] source) { var r = new T[n]; for (int j = 0; j < n; j++) r[j] = source[rows[j]]; return r; }
        var extra = ExtraColumns.ToDictionary(kv => kv.Key, kv => Pick(kv.Value));
        return new Transactions(n, customer, customers, order, orders, Pick(Time), Pick(Qty), Pick(Price), Pick(Money), product, products, names,
            Pick(Return), extra, HasOrderIds, HasQuantity, HasUnitPrice, HasAmount, HasProducts, _rules, CancellationPrefix);
    }

    /// <summary>The same lines classified by other rules (your own non-product codes, say); the data is shared, not copied.</summary>
    public Transactions WithLineRules(LineRules rules) => new(this, rules ?? throw new ArgumentNullException(nameof(rules)));

    /// <summary>What each line is: product sale, product return, cancellation, stock adjustment or non-product line.</summary>
    public LineClasses Lines => _lines.Value;

    /// <summary>Product names by product code (null where the data has none).</summary>
    public IReadOnlyList<string?> ProductNames { get; }

    /// <summary>The product's name where the data has one, else its code.</summary>
    public string ProductLabel(int product) => product < 0 ? "" : ProductNames.Count > product && ProductNames[product] is { Length: > 0 } name ? name : ProductIds[product];

    /// <summary>The prefix that marks a cancellation invoice (Online Retail's "C"), or null.</summary>
    public string? CancellationPrefix { get; }

    /// <summary>Number of lines.</summary>
    public int Count { get; }
    /// <summary>Distinct customer ids; a customer's code is its index here.</summary>
    public IReadOnlyList<string> CustomerIds { get; }
    /// <summary>Distinct order ids; an order's code is its index here.</summary>
    public IReadOnlyList<string> OrderIds { get; }
    /// <summary>Distinct product ids; a product's code is its index here.</summary>
    public IReadOnlyList<string> ProductIds { get; }
    /// <summary>Unmapped source columns kept as text (only when asked for at load).</summary>
    public IReadOnlyDictionary<string, string[]> ExtraColumns { get; }
    /// <summary>Whether the source had order ids; without them an order is a (customer, calendar day).</summary>
    public bool HasOrderIds { get; }
    /// <summary>Whether the source had quantities.</summary>
    public bool HasQuantity { get; }
    /// <summary>Whether the source had unit prices.</summary>
    public bool HasUnitPrice { get; }
    /// <summary>Whether the source had an amount column (otherwise amount = quantity × unit price).</summary>
    public bool HasAmount { get; }
    /// <summary>Whether the source had product ids.</summary>
    public bool HasProducts { get; }
    /// <summary>Whether money is known for the lines (an amount, or quantity and unit price).</summary>
    public bool HasMoney => HasAmount || (HasQuantity && HasUnitPrice);

    /// <summary>Customer code per line; −1 where the line has no customer id.</summary>
    public ReadOnlySpan<int> CustomerCodes => Customer.AsSpan(0, Count);
    /// <summary>Order code per line; −1 where the line has no order id.</summary>
    public ReadOnlySpan<int> OrderCodes => Order.AsSpan(0, Count);
    /// <summary>Timestamp per line.</summary>
    public ReadOnlySpan<DateTime> Timestamps => Time.AsSpan(0, Count);
    /// <summary>Quantity per line (NaN when unknown).</summary>
    public ReadOnlySpan<double> Quantities => Qty.AsSpan(0, Count);
    /// <summary>Unit price per line (NaN when unknown).</summary>
    public ReadOnlySpan<double> UnitPrices => Price.AsSpan(0, Count);
    /// <summary>Money per line (NaN when unknown); negative on returns.</summary>
    public ReadOnlySpan<double> Amounts => Money.AsSpan(0, Count);
    /// <summary>Product code per line; −1 where unknown.</summary>
    public ReadOnlySpan<int> ProductCodes => Product.AsSpan(0, Count);
    /// <summary>Return flag per line (spec §0).</summary>
    public ReadOnlySpan<bool> IsReturn => Return.AsSpan(0, Count);

    /// <summary>The customer id of line <paramref name="row"/>, or null.</summary>
    public string? CustomerIdAt(int row) => Customer[row] < 0 ? null : CustomerIds[Customer[row]];

    /// <summary>Builds a table from lines, applying the return rule where a line does not say.</summary>
    public static Transactions FromRows(IEnumerable<Transaction> rows, string? cancellationPrefix = "C")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var b = new TransactionsBuilder(cancellationPrefix);
        foreach (var r in rows) b.Add(r);
        return b.Build();
    }

    /// <summary>Canonical column names of <see cref="ToDataFrame"/> and <see cref="FromDataFrame"/>.</summary>
    public static class Columns
    {
        public const string CustomerId = "CustomerId";
        public const string OrderId = "OrderId";
        public const string Timestamp = "Timestamp";
        public const string Quantity = "Quantity";
        public const string UnitPrice = "UnitPrice";
        public const string Amount = "Amount";
        public const string ProductId = "ProductId";
        public const string IsReturn = "IsReturn";
    }

    /// <summary>
    /// The table as a DataFrame with the canonical columns (missing ids are null), plus the kept extra columns.
    /// Built column by column from the buffers; fine for display, not meant for inner loops.
    /// </summary>
    public DataFrame ToDataFrame(int? maxRows = null)
    {
        int n = Math.Min(Count, maxRows ?? Count);
        var customer = new StringDataFrameColumn(Columns.CustomerId, n);
        var order = new StringDataFrameColumn(Columns.OrderId, n);
        var product = new StringDataFrameColumn(Columns.ProductId, n);
        var time = new PrimitiveDataFrameColumn<DateTime>(Columns.Timestamp, Time.Take(n));
        var qty = new DoubleDataFrameColumn(Columns.Quantity, Qty.Take(n));
        var price = new DoubleDataFrameColumn(Columns.UnitPrice, Price.Take(n));
        var money = new DoubleDataFrameColumn(Columns.Amount, Money.Take(n));
        var ret = new BooleanDataFrameColumn(Columns.IsReturn, Return.Take(n));
        for (int i = 0; i < n; i++)
        {
            customer[i] = Customer[i] < 0 ? null : CustomerIds[Customer[i]];
            order[i] = Order[i] < 0 ? null : OrderIds[Order[i]];
            product[i] = Product[i] < 0 ? null : ProductIds[Product[i]];
        }
        var columns = new List<DataFrameColumn> { customer, order, time, qty, price, money, product, ret };
        foreach (var (name, values) in ExtraColumns)
        {
            var col = new StringDataFrameColumn(name, n);
            for (int i = 0; i < n; i++) col[i] = values[i];
            columns.Add(col);
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// Reads a DataFrame with the canonical column names (as <see cref="ToDataFrame"/> writes them).
    /// <c>CustomerId</c> and <c>Timestamp</c> are required; the others are optional.
    /// </summary>
    /// <exception cref="ArgumentException">A required column is missing or has the wrong type.</exception>
    public static Transactions FromDataFrame(DataFrame frame, string? cancellationPrefix = "C")
    {
        ArgumentNullException.ThrowIfNull(frame);
        DataFrameColumn Need(string name) =>
            frame.Columns.IndexOf(name) >= 0 ? frame.Columns[name]
            : throw new ArgumentException($"The DataFrame has no '{name}' column; found: {string.Join(", ", frame.Columns.Select(c => c.Name))}.", nameof(frame));
        DataFrameColumn? Maybe(string name) => frame.Columns.IndexOf(name) >= 0 ? frame.Columns[name] : null;
        var customer = Need(Columns.CustomerId);
        var time = Need(Columns.Timestamp);
        var order = Maybe(Columns.OrderId);
        var qty = Maybe(Columns.Quantity);
        var price = Maybe(Columns.UnitPrice);
        var amount = Maybe(Columns.Amount);
        var product = Maybe(Columns.ProductId);
        var ret = Maybe(Columns.IsReturn);
        if (time.DataType != typeof(DateTime))
            throw new ArgumentException($"Column '{Columns.Timestamp}' must hold DateTime values, not {time.DataType.Name}.", nameof(frame));
        static double D(DataFrameColumn? c, long i) => c?[i] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
        var b = new TransactionsBuilder(cancellationPrefix, order is not null, qty is not null, price is not null, amount is not null, product is not null);
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            if (time[i] is not DateTime ts)
                throw new ArgumentException($"Row {i}: '{Columns.Timestamp}' is empty.", nameof(frame));
            b.Add(new Transaction(customer[i]?.ToString(), order?[i]?.ToString(), ts, D(qty, i), D(price, i), D(amount, i),
                product?[i]?.ToString(), ret?[i] is bool r ? r : null));
        }
        return b.Build();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Transactions: {Count:N0} lines, {CustomerIds.Count:N0} customers, {OrderIds.Count:N0} order ids";
}
