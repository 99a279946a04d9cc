namespace RetentionKit.Data;

/// <summary>The canonical fields a source column can map to.</summary>
internal enum Field { Customer, Order, Date, Quantity, Price, Amount, Product, ReturnFlag, Description }

/// <summary>
/// Finds canonical columns by header name. Names are compared after folding case and dropping everything
/// but letters and digits, so <c>Customer ID</c>, <c>customer_id</c> and <c>customerId</c> are one name.
/// </summary>
internal static class ColumnDetection
{
    // Order matters: the first name present wins, so the most specific names come first.
    internal static readonly IReadOnlyDictionary<Field, string[]> Names = new Dictionary<Field, string[]>
    {
        [Field.Customer] = ["customerid", "customer", "custid", "customerno", "customernumber", "clientid", "client", "userid", "buyerid", "memberid", "accountid", "masterid", "id"],
        [Field.Order] = ["invoiceno", "invoice", "invoiceid", "invoicenumber", "orderid", "order", "orderno", "ordernumber", "transactionid", "receiptid", "receiptno"],
        [Field.Date] = ["invoicedate", "orderdate", "transactiondate", "purchasedate", "timestamp", "datetime", "date", "orderdatetime", "createdat", "time"],
        [Field.Quantity] = ["quantity", "qty", "units", "numberofcds", "numberofitems", "itemcount"],
        [Field.Price] = ["unitprice", "price", "itemprice", "priceeach", "priceperunit"],
        [Field.Amount] = ["amount", "lineamount", "totalamount", "netamount", "salesamount", "revenue", "sales", "total", "ordertotal", "linetotal", "value", "dollarvalue", "spend"],
        [Field.Product] = ["stockcode", "productid", "product", "productcode", "sku", "itemid", "itemcode"],
        [Field.ReturnFlag] = ["isreturn", "return", "returned", "iscancelled", "cancelled", "iscanceled", "canceled", "refund"],
        [Field.Description] = ["description", "productname", "productdescription", "itemname", "itemdescription", "productdesc", "itemdesc"],
    };

    internal static readonly IReadOnlyDictionary<Field, string> Describe = new Dictionary<Field, string>
    {
        [Field.Customer] = "customer id", [Field.Order] = "order id", [Field.Date] = "date",
        [Field.Quantity] = "quantity", [Field.Price] = "unit price", [Field.Amount] = "amount",
        [Field.Product] = "product id", [Field.ReturnFlag] = "return flag", [Field.Description] = "product name",
    };

    internal static string Normalize(string header)
    {
        Span<char> buf = header.Length <= 256 ? stackalloc char[header.Length] : new char[header.Length];
        int n = 0;
        foreach (char c in header)
            if (char.IsLetterOrDigit(c)) buf[n++] = char.ToLowerInvariant(c);
        return new string(buf[..n]);
    }

    /// <summary>Maps each field to a column ordinal (−1 when absent), honouring explicit names first.</summary>
    /// <summary>The load report's mapping: each mapped field's name for readers → the header it was read from.</summary>
    internal static Dictionary<string, string> Mapping(Dictionary<Field, int> map, IReadOnlyList<string> headers) =>
        map.Where(p => p.Value >= 0).ToDictionary(p => Describe[p.Key], p => headers[p.Value]);

    internal static Dictionary<Field, int> Map(string source, IReadOnlyList<string> headers, LoadOptions o)
    {
        var explicitNames = new Dictionary<Field, string?>
        {
            [Field.Customer] = o.CustomerColumn, [Field.Order] = o.OrderColumn, [Field.Date] = o.DateColumn,
            [Field.Quantity] = o.QuantityColumn, [Field.Price] = o.PriceColumn, [Field.Amount] = o.AmountColumn,
            [Field.Product] = o.ProductColumn, [Field.ReturnFlag] = o.ReturnFlagColumn, [Field.Description] = o.DescriptionColumn,
        };
        var normalized = headers.Select(Normalize).ToArray();
        var map = new Dictionary<Field, int>();
        var taken = new HashSet<int>();
        foreach (var (field, name) in explicitNames)
        {
            if (name is null) continue;
            // "none" switches an optional role off: a `refund` column that is not a return flag, an `id` that is a row number.
            if (name.Trim() is "-" || name.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                if (field is Field.Customer or Field.Date)
                    throw new TransactionLoadException(source, $"the {Describe[field]} column cannot be switched off: it is required. Name the column that holds it.");
                map[field] = -1;
                continue;
            }
            int idx = IndexOfHeader(headers, normalized, name);
            if (idx < 0) throw TransactionLoadException.NamedColumnMissing(source, Describe[field], name, headers);
            map[field] = idx;
            taken.Add(idx);
        }
        foreach (var (field, names) in Names)
        {
            if (map.ContainsKey(field)) continue;
            map[field] = -1;
            foreach (var candidate in names)
            {
                int idx = Array.IndexOf(normalized, candidate);
                if (idx >= 0 && !taken.Contains(idx)) { map[field] = idx; taken.Add(idx); break; }
            }
        }
        if (map[Field.Customer] < 0)
            throw TransactionLoadException.MissingColumn(source, "customer id", headers, Names[Field.Customer]);
        if (map[Field.Date] < 0)
            throw TransactionLoadException.MissingColumn(source, "date", headers, Names[Field.Date]);
        return map;
    }

    private static int IndexOfHeader(IReadOnlyList<string> headers, string[] normalized, string name)
    {
        for (int i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        string n = Normalize(name);
        return n.Length == 0 ? -1 : Array.IndexOf(normalized, n);
    }
}
