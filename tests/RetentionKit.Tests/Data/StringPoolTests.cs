using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>The id pool: numbers and text share one code space, in first-seen order, and "007" is not "7".</summary>
public class StringPoolTests
{
    [Fact]
    public void Codes_AreFirstSeenOrder_AcrossNumbersAndText_AndSurviveGrowth()
    {
        var rng = new Random(7);
        var pool = new StringPool(4);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        string[] fixedIds = ["0", "00", "007", "7", "17850", "17850.0", "C536379", "85123A", "999999999999999999", "1000000000000000000", "-5", ""];
        for (int k = 0; k < 200_000; k++)
        {
            string id = k < fixedIds.Length ? fixedIds[k] : rng.Next(5) switch
            {
                0 => rng.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => "0" + rng.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                2 => "C" + rng.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                3 => ((long)rng.Next() * rng.Next()).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => order.Count > 0 ? order[rng.Next(order.Count)] : "1",
            };
            if (!expected.ContainsKey(id)) { expected[id] = order.Count; order.Add(id); }
            Assert.Equal(expected[id], pool.GetOrAdd(id.AsSpan()));
        }
        Assert.Equal(order, pool.Values);
        Assert.NotEqual(pool.GetOrAdd("007"), pool.GetOrAdd("7"));
        Assert.NotEqual(pool.GetOrAdd("0"), pool.GetOrAdd("00"));
    }

    [Theory]
    [InlineData(100_001, 1, 0)]         // invoices in a rising run, repeated lines
    [InlineData(10_000, 1, 50)]         // a run with an outlier every 50 ids (below the run, and far above it)
    [InlineData(536_365, 13, 0)]        // gaps of 13: still within eight slots an id
    [InlineData(1_000, 1_000, 0)]       // sparse: past the run's limit, the rest go to the hash table
    [InlineData(5, 3, 7)]               // a run from near zero with outliers
    public void Codes_OfNumberRuns_AreFirstSeenOrder_WhereverTheNumbersFall(long start, long step, int outlierEvery)
    {
        // Numbers in and around a dense run take the array, the run's growth, its freezing at a far number, and the
        // hash table for what falls outside: every id keeps one code, whichever way it was stored, and repeats find it.
        var rng = new Random(11);
        var pool = new StringPool(16);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        void Check(string id)
        {
            if (!expected.ContainsKey(id)) { expected[id] = order.Count; order.Add(id); }
            Assert.Equal(expected[id], pool.GetOrAdd(id.AsSpan()));
        }
        long next = start;
        for (int k = 0; k < 300_000; k++)
        {
            string id = outlierEvery > 0 && k % outlierEvery == outlierEvery - 1
                ? (rng.Next(2) == 0 ? rng.NextInt64(0, Math.Max(1, start)) : rng.NextInt64(1L << 30, 1L << 40)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : rng.Next(4) == 0 && order.Count > 0 ? order[rng.Next(order.Count)]
                : (next += step).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Check(id);
        }
        foreach (var id in order.ToList()) Check(id);
        Assert.Equal(order, pool.Values);
    }
}
