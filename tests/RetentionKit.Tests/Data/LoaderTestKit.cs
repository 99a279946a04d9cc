using System.IO.Compression;
using System.Text;
using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

internal static class LoaderTestKit
{
    public static LoadResult LoadText(string text, LoadOptions? options = null, string name = "test.csv") =>
        TransactionLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, options);

    public static LoadResult LoadBytes(byte[] bytes, LoadOptions? options = null, string name = "test.csv") =>
        TransactionLoader.Load(new MemoryStream(bytes), name, options);

    public static byte[] Gzip(string text)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }
}
