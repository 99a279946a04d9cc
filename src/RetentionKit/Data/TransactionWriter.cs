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
            {
                WriteField(w, t.Order[i] < 0 ? "" : t.OrderIds[t.Order[i]]); w.Write(',');
                WriteField(w, t.Product[i] < 0 ? "" : t.ProductIds[t.Product[i]]); w.Write(',');
                WriteNumber(w, t.Qty[i], buf); w.Write(',');
                t.Time[i].TryFormat(buf, out int n, "yyyy-MM-dd HH:mm:ss", inv); w.Write(buf[..n]); w.Write(',');
                WriteNumber(w, t.Price[i], buf); w.Write(',');
                WriteField(w, t.Customer[i] < 0 ? "" : t.CustomerIds[t.Customer[i]]); w.Write(',');
                WriteNumber(w, t.Money[i], buf);
                w.Write('\n');
            }
        }
        if (gzip) target.Dispose();
    }

    private static void WriteNumber(StreamWriter w, double v, Span<char> buf)
    {
        if (double.IsNaN(v)) return;
        v.TryFormat(buf, out int n, "R", CultureInfo.InvariantCulture);
        w.Write(buf[..n]);
    }

    private static void WriteField(StreamWriter w, string s)
    {
        if (s.AsSpan().IndexOfAny(",\"\r\n") < 0) { w.Write(s); return; }
        w.Write('"'); w.Write(s.Replace("\"", "\"\"")); w.Write('"');
    }
}
