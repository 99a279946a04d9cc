using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>
/// The cancellation rule, read directly: each return, oldest first (ties by line), reverses the latest earlier sale of
/// the same customer, product and size within the window that no earlier return took. The classifier's indexes (keys
/// side by side per customer, one sort of the candidates) must give exactly what this slow reading gives.
/// </summary>
public class LineClassesTests
{
    [Theory]
    [InlineData(1, 40, 3, 2)]      // few customers, few products: many keys per customer, many ties
    [InlineData(2, 400, 30, 4)]
    [InlineData(3, 5, 200, 1)]     // a wholesaler's hundreds of returned keys
    [InlineData(4, 2_000, 8, 3)]
    public void Cancellations_AreThoseOfTheRuleReadDirectly(int seed, int customers, int products, int sizes)
    {
        var rng = new Random(seed);
        var start = new DateTime(2024, 1, 1);
        var rows = new List<Transaction>();
        for (int i = 0; i < 30_000; i++)
        {
            bool ret = rng.Next(4) == 0;
            double qty = (rng.Next(sizes) + 1) * (ret ? -1 : 1);
            // Hours apart, so the 24-hour window takes some sales and not others; equal times happen often.
            var time = start.AddHours(rng.Next(24 * 20));
            string? customer = rng.Next(50) == 0 ? null : "K" + rng.Next(customers);
            rows.Add(new Transaction(customer, (ret && rng.Next(2) == 0 ? "C" : "") + rng.Next(100_000), time, qty, 2.5, ProductId: "P" + rng.Next(products)));
        }
        var t = Transactions.FromRows(rows);
        var kinds = LineClasses.Classify(t, LineRules.Default);

        var expected = new LineKind[rows.Count];
        var used = new bool[rows.Count];
        for (int i = 0; i < rows.Count; i++)
            expected[i] = !t.Return[i] ? LineKind.Sale : t.Customer[i] < 0 && !rows[i].OrderId!.StartsWith('C') ? LineKind.StockAdjustment : LineKind.ProductReturn;
        var returnsInOrder = Enumerable.Range(0, rows.Count).Where(i => expected[i] == LineKind.ProductReturn && t.Customer[i] >= 0)
            .OrderBy(i => rows[i].Timestamp).ThenBy(i => i);
        foreach (int r in returnsInOrder)
        {
            int best = -1;
            for (int s = 0; s < rows.Count; s++)
            {
                if (expected[s] != LineKind.Sale || used[s] || t.Customer[s] != t.Customer[r] || rows[s].ProductId != rows[r].ProductId
                    || Math.Abs(rows[s].Quantity) != Math.Abs(rows[r].Quantity)) continue;
                var gap = rows[r].Timestamp - rows[s].Timestamp;
                if (gap < TimeSpan.Zero || gap > TimeSpan.FromDays(1)) continue;
                // The latest such sale; at equal times the later line.
                if (best < 0 || rows[s].Timestamp > rows[best].Timestamp || (rows[s].Timestamp == rows[best].Timestamp && s > best)) best = s;
            }
            if (best < 0) continue;
            used[best] = true;
            expected[best] = LineKind.CancelledSale;
            expected[r] = LineKind.Cancellation;
        }
        Assert.True(expected.Count(k => k == LineKind.Cancellation) > 100, "the data should hold cancellations to match");
        for (int i = 0; i < rows.Count; i++) Assert.True(expected[i] == kinds[i], $"line {i}: expected {expected[i]}, classified {kinds[i]}");
    }
}
