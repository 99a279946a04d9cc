namespace RetentionKit.Data;

/// <summary>Appends lines into growing column buffers; shared by the loader, the generator and FromRows.</summary>
internal sealed class TransactionsBuilder : ILineSink
{
    private readonly string? _cancellationPrefix;
    private readonly StringPool _customers = new(4096);
    private readonly StringPool _orders;
    private readonly StringPool _products = new(4096);
    private int[] _customer;
    private int[] _order;
    private DateTime[] _time;
    private double[] _qty, _price, _money;
    private int[] _product;
    private bool[] _return;
    private readonly List<string?> _productNames = new();
    private readonly List<bool> _nameFromSale = new();
    private readonly bool? _hasOrders, _hasQty, _hasPrice, _hasAmount, _hasProducts;
    private bool _sawOrder, _sawQty, _sawPrice, _sawAmount, _sawProduct;

    public TransactionsBuilder(string? cancellationPrefix, bool? hasOrders = null, bool? hasQuantity = null,
        bool? hasUnitPrice = null, bool? hasAmount = null, bool? hasProducts = null, int capacity = 1024)
    {
        _cancellationPrefix = cancellationPrefix;
        _hasOrders = hasOrders; _hasQty = hasQuantity; _hasPrice = hasUnitPrice; _hasAmount = hasAmount; _hasProducts = hasProducts;
        capacity = Math.Max(capacity, 16);
        // Orders run to a third of the lines or more; their numbers are sized for a quarter from the start.
        _orders = new StringPool(Math.Max(4096, capacity / 4));
        _customer = new int[capacity]; _order = new int[capacity]; _time = new DateTime[capacity];
        _qty = new double[capacity]; _price = new double[capacity]; _money = new double[capacity];
        _product = new int[capacity]; _return = new bool[capacity];
    }

    public int Count { get; private set; }

    public void Add(in Transaction t)
    {
        double amount = double.IsNaN(t.Amount) ? t.Quantity * t.UnitPrice : t.Amount;
        bool isReturn = t.IsReturn ?? ReturnRule.IsReturn(t.Quantity, amount, (t.OrderId ?? "").AsSpan(), _cancellationPrefix);
        Add(t.CustomerId.AsSpan(), t.OrderId.AsSpan(), t.Timestamp, t.Quantity, t.UnitPrice, amount, t.ProductId.AsSpan(), isReturn);
        _sawAmount |= !double.IsNaN(t.Amount);
    }

    /// <summary>Adds one line; empty spans mean "none". Amount must already be resolved.</summary>
    public void Add(ReadOnlySpan<char> customer, ReadOnlySpan<char> order, DateTime time, double qty, double price,
        double amount, ReadOnlySpan<char> product, bool isReturn) =>
        Add(customer, StringPool.WholeNumber(customer), order, StringPool.WholeNumber(order), time, qty, price, amount,
            product, StringPool.WholeNumber(product), isReturn);

    /// <summary>Adds one line whose ids' <see cref="StringPool.WholeNumber"/> values are known.</summary>
    public void Add(ReadOnlySpan<char> customer, long customerNumber, ReadOnlySpan<char> order, long orderNumber, DateTime time,
        double qty, double price, double amount, ReadOnlySpan<char> product, long productNumber, bool isReturn)
    {
        if (Count == _time.Length) Grow();
        int i = Count++;
        _customer[i] = customer.IsEmpty ? -1 : _customers.GetOrAdd(customer, customerNumber);
        _order[i] = order.IsEmpty ? -1 : _orders.GetOrAdd(order, orderNumber);
        _product[i] = product.IsEmpty ? -1 : _products.GetOrAdd(product, productNumber);
        _time[i] = time;
        _qty[i] = qty; _price[i] = price; _money[i] = amount;
        _return[i] = isReturn;
        _sawOrder |= !order.IsEmpty;
        _sawProduct |= !product.IsEmpty;
        _sawQty |= !double.IsNaN(qty);
        _sawPrice |= !double.IsNaN(price);
    }

    /// <summary>
    /// Names the product of the line just added. The first sale line's name wins: return and write-off lines often
    /// carry a note instead ("throw away", "damaged"), so their text names a product only until a sale does.
    /// </summary>
    public void NameLastProduct(ReadOnlySpan<char> name)
    {
        int p = _product[Count - 1];
        if (p < 0 || name.IsEmpty) return;
        while (_productNames.Count <= p) { _productNames.Add(null); _nameFromSale.Add(false); }
        bool sale = !_return[Count - 1];
        if (_productNames[p] is null || (sale && !_nameFromSale[p])) { _productNames[p] = name.ToString(); _nameFromSale[p] = sale; }
    }

    /// <summary>Removes the lines whose index <paramref name="drop"/> says, keeping the order of the rest.</summary>
    public void RemoveRows(Func<int, bool> drop)
    {
        int w = 0;
        for (int r = 0; r < Count; r++)
        {
            if (drop(r)) continue;
            _customer[w] = _customer[r]; _order[w] = _order[r]; _time[w] = _time[r]; _qty[w] = _qty[r];
            _price[w] = _price[r]; _money[w] = _money[r]; _product[w] = _product[r]; _return[w] = _return[r];
            w++;
        }
        Count = w;
    }

    /// <summary>First and last timestamp, net amount, lines without a customer and return lines, over what is kept.</summary>
    public (DateTime First, DateTime Last, double Net, long WithoutCustomer, long Returns) Totals()
    {
        DateTime first = DateTime.MaxValue, last = DateTime.MinValue;
        double net = 0;
        long anonymous = 0, returns = 0;
        for (int r = 0; r < Count; r++)
        {
            if (_time[r] < first) first = _time[r];
            if (_time[r] > last) last = _time[r];
            net += _money[r];
            if (_customer[r] < 0) anonymous++;
            if (_return[r]) returns++;
        }
        return (first, last, net, anonymous, returns);
    }

    /// <summary>The timestamp of line <paramref name="row"/>.</summary>
    public DateTime TimeAt(int row) => _time[row];

    /// <summary>Marks that the amount came from the source rather than quantity × price.</summary>
    public void SawAmount() => _sawAmount = true;

    private void Grow()
    {
        int n = _time.Length * 2;
        Array.Resize(ref _customer, n); Array.Resize(ref _order, n); Array.Resize(ref _time, n);
        Array.Resize(ref _qty, n); Array.Resize(ref _price, n); Array.Resize(ref _money, n);
        Array.Resize(ref _product, n); Array.Resize(ref _return, n);
    }

    public Transactions Build(IReadOnlyDictionary<string, string[]>? extra = null, LineRules? rules = null)
    {
        while (_productNames.Count < _products.Values.Count) _productNames.Add(null);
        return new(Count, _customer, _customers.Values, _order, _orders.Values, _time, _qty, _price, _money,
            _product, _products.Values, _productNames, _return, extra ?? new Dictionary<string, string[]>(),
            _hasOrders ?? _sawOrder, _hasQty ?? _sawQty, _hasPrice ?? _sawPrice, _hasAmount ?? _sawAmount, _hasProducts ?? _sawProduct,
            rules ?? LineRules.Default, _cancellationPrefix);
    }
}

/// <summary>Where generated or parsed lines go: a table in memory, or a file written as they come.</summary>
internal interface ILineSink
{
    void Add(ReadOnlySpan<char> customer, ReadOnlySpan<char> order, DateTime time, double qty, double price, double amount, ReadOnlySpan<char> product, bool isReturn);
}

/// <summary>Writes each line straight to CSV, so a generated file of any size needs no more memory than one customer's lines.</summary>
internal sealed class CsvLineSink(StreamWriter writer) : ILineSink, IDisposable
{
    private readonly char[] _buf = new char[64];

    public long Lines { get; private set; }

    public void Add(ReadOnlySpan<char> customer, ReadOnlySpan<char> order, DateTime time, double qty, double price, double amount, ReadOnlySpan<char> product, bool isReturn)
    {
        TransactionWriter.WriteLine(writer, order, product, qty, time, price, customer, amount, _buf);
        Lines++;
    }

    public void Dispose() => writer.Dispose();
}
