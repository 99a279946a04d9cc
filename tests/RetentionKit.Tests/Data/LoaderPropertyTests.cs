using System.Text;
using FsCheck;
using FsCheck.Xunit;
using RetentionKit.Data;
using static RetentionKit.Tests.Data.LoaderTestKit;

namespace RetentionKit.Tests.Data;

/// <summary>Whatever happens to a valid file, the loader never crashes and every row is accounted for.</summary>
public class LoaderPropertyTests
{
    private const string Valid =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
        "536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n" +
        "536365,71053,\"WHITE METAL LANTERN, LARGE\",6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n" +
        "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n" +
        "536412,22327,\"ROUND SNACK BOXES SET OF 4 \"\"WOODLAND\"\"\",24,2010-12-01 11:49:00,2.95,,United Kingdom\n" +
        "536415,22952,60 CAKE CASES VINTAGE CHRISTMAS,24,2010-12-01 11:57:00,0.55,12583,France\n" +
        "536415,22952,60 CAKE CASES VINTAGE CHRISTMAS,24,2010-12-01 11:57:00,0.55,12583,France\n";

    private static readonly char[] Interesting = [',', '"', '\n', '\r', ';', '-', '.', '0', '7', 'C', ' ', '\t', '\0', 'é'];

    private static string Mutate(string text, int[] positions, char[] chars, byte[] kinds)
    {
        var sb = new StringBuilder(text);
        for (int i = 0; i < Math.Min(positions.Length, kinds.Length); i++)
        {
            if (sb.Length == 0) break;
            int at = (int)((uint)positions[i] % (uint)sb.Length);
            char c = chars.Length == 0 || kinds[i] % 2 == 0 ? Interesting[kinds[i] % Interesting.Length] : chars[i % chars.Length];
            switch (kinds[i] % 5)
            {
                case 0: sb.Remove(at, 1); break;
                case 1: sb.Insert(at, c); break;
                case 2: sb[at] = c; break;
                case 3: // duplicate a stretch (lines, fields)
                    int len = Math.Min(40, sb.Length - at);
                    sb.Insert(at, sb.ToString(at, len));
                    break;
                default: sb.Length = at; break; // cut the file short
            }
        }
        return sb.ToString();
    }

    [Property(MaxTest = 500)]
    public bool Load_RandomMutations_NeverCrashAndAlwaysReconcile(int[] positions, char[] chars, byte[] kinds, bool drop)
    {
        string text = Mutate(Valid, positions, chars, kinds);
        try
        {
            var (t, r) = LoadText(text, new LoadOptions { DropDuplicates = drop });
            return r.Reconciles && t.Count == r.RowsAccepted && r.Rejections.Count <= r.RowsRejected
                   && r.RejectionCounts.Values.Sum() == r.RowsRejected;
        }
        catch (TransactionLoadException e)
        {
            return e.Message.StartsWith("test.csv", StringComparison.Ordinal); // a clear, located error is not a crash
        }
    }

    [Property(MaxTest = 200)]
    public bool Load_StrictMode_EitherLoadsEverythingOrNamesTheLine(int[] positions, char[] chars, byte[] kinds)
    {
        string text = Mutate(Valid, positions, chars, kinds);
        try
        {
            var r = LoadText(text, new LoadOptions { Strict = true }).Report;
            return r.RowsRejected == 0 && r.Reconciles;
        }
        catch (TransactionLoadException e)
        {
            return e.Message.StartsWith("test.csv", StringComparison.Ordinal);
        }
    }

    [Property(MaxTest = 100)]
    public bool Load_UnmutatedFile_WithShuffledRows_GivesTheSameTotals(int seed)
    {
        var lines = Valid.TrimEnd('\n').Split('\n');
        var rng = new Random(seed);
        var body = lines.Skip(1).OrderBy(_ => rng.Next()).ToArray();
        var a = LoadText(Valid).Report;
        var b = LoadText(lines[0] + "\n" + string.Join("\n", body) + "\n").Report;
        return a.RowsAccepted == b.RowsAccepted && a.Customers == b.Customers && a.Orders == b.Orders
               && Math.Abs(a.NetRevenue - b.NetRevenue) < 1e-9 && a.DuplicateRows == b.DuplicateRows && a.ReturnRows == b.ReturnRows;
    }
}
