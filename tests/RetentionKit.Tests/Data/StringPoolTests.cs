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
}
