using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace RetentionKit.Data;

/// <summary>
/// Writes a table as Online-Retail-style CSV (<c>InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Amount</c>),
/// which the loader reads back without options. Gzip when asked.
/// </summary>
public static class TransactionWriter
{
    /// <summary>The header written.</summary>
    public const string Header = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Amount";

    /// <summary>Writes to a file; <paramref name="gzip"/> null means "when the name ends in .gz".</summary>
    public static void WriteCsv(Transactions t, string path, bool? gzip = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteCsv(t, file, gzip ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Writes to a stream (left open).</summary>
    public static void WriteCsv(Transactions t, Stream stream, bool gzip)
    {
        Stream target = gzip ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : stream;
        using (var w = new StreamWriter(target, new UTF8Encoding(false), 1 << 16, leaveOpen: !gzip))
        {
            w.NewLine = "\n";
            w.WriteLine(Header);
            Span<char> buf = stackalloc char[64];
            var inv = CultureInfo.InvariantCulture;
            for (int i = 0; i < t.Count; i++)
                WriteLine(w, t.Order[i] < 0 ? "" : t.OrderIds[t.Order[i]], t.Product[i] < 0 ? "" : t.ProductIds[t.Product[i]], t.Qty[i], t.Time[i],
                    t.Price[i], t.Customer[i] < 0 ? "" : t.CustomerIds[t.Customer[i]], t.Money[i], buf);
        }
        if (gzip) target.Dispose();
    }

    /// <summary>One line in the <see cref="Header"/>'s column order.</summary>
    internal static void WriteLine(StreamWriter w, ReadOnlySpan<char> order, ReadOnlySpan<char> product, double qty, DateTime time, double price,
        ReadOnlySpan<char> customer, double money, Span<char> buf)
    {
        WriteField(w, order); w.Write(',');
        WriteField(w, product); w.Write(',');
        WriteNumber(w, qty, buf); w.Write(',');
        time.TryFormat(buf, out int n, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture); w.Write(buf[..n]); w.Write(',');
        WriteNumber(w, price, buf); w.Write(',');
        WriteField(w, customer); w.Write(',');
        WriteNumber(w, money, buf);
        w.Write('\n');
    }

    /// <summary>Opens a CSV writer on a file (gzip when the name ends in .gz) and writes the header.</summary>
    internal static StreamWriter Open(string path)
    {
        Stream file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) file = new GZipStream(file, CompressionLevel.Fastest);
        var w = new StreamWriter(file, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        w.WriteLine(Header);
        return w;
    }

    private static void WriteNumber(StreamWriter w, double v, Span<char> buf)
    {
        if (double.IsNaN(v)) return;
        v.TryFormat(buf, out int n, "R", CultureInfo.InvariantCulture);
        w.Write(buf[..n]);
    }

    private static void WriteField(StreamWriter w, ReadOnlySpan<char> s)
    {
        if (s.IndexOfAny(",\"\r\n") < 0) { w.Write(s); return; }
        w.Write('"'); w.Write(s.ToString().Replace("\"", "\"\"")); w.Write('"');
    }
}
