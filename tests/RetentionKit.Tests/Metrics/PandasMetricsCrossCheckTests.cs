using System.Text.Json;
using RetentionKit.Cli;

namespace RetentionKit.Tests.Metrics;

/// <summary>`retention metrics --period month --json` on Online Retail agrees with benchmarks/peers/metrics_pandas.py.</summary>
[Trait("Category", "Peer")]
public class PandasMetricsCrossCheckTests
{
    [SkippableFact]
    public void Metrics_OnlineRetail_MatchPandas()
    {
        Peers.RequirePandas();
        string path = Path.Combine(TestData.Root, "data", "online_retail", "online_retail.csv.gz");
        var pandas = Peers.RunJson("metrics_pandas.py", path, "1");
        var stdout = new StringWriter();
        Assert.Equal(0, Program.Run(["metrics", path, "--period", "month", "--json"], stdout, new StringWriter()));
        var kit = JsonDocument.Parse(stdout.ToString()).RootElement;

        Assert.Equal(pandas.GetProperty("windowStart").GetString(), kit.GetProperty("window").GetProperty("start").GetString());
        Assert.Equal(pandas.GetProperty("windowEnd").GetString(), kit.GetProperty("window").GetProperty("end").GetString());
        var kp = kit.GetProperty("periods").EnumerateArray().ToList();
        var pp = pandas.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(11, pp.Count); // January to November: December 2010 is the base of the first comparison
        Assert.Equal(pp.Count, kp.Count);
        for (int i = 0; i < pp.Count; i++)
        {
            Assert.Equal(pp[i].GetProperty("start").GetString(), kp[i].GetProperty("start").GetString());
            foreach (var key in new[] { "S", "E", "N", "retained", "lost", "reactivated" })
                Assert.True(pp[i].GetProperty(key).GetInt64() == kp[i].GetProperty(key).GetInt64(),
                    $"{pp[i].GetProperty("start")} {key}: pandas {pp[i].GetProperty(key)}, kit {kp[i].GetProperty(key)}");
            Close(pp[i].GetProperty("retentionRate"), kp[i].GetProperty("retentionRate"), "retentionRate");
        }
        Close(pandas.GetProperty("repeatPurchaseRatio"), kit.GetProperty("repeatPurchaseRatio"), "repeatPurchaseRatio");
        Close(pandas.GetProperty("unitReturnRate"), kit.GetProperty("returnRate").GetProperty("units"), "unit return rate");
        Close(pandas.GetProperty("pooledMedianDays"), kit.GetProperty("purchaseCycle").GetProperty("pooledMedianDays"), "pooled median");
        Close(pandas.GetProperty("customerMedianDays"), kit.GetProperty("purchaseCycle").GetProperty("customerMedianDays"), "customer median");

        var pc = pandas.GetProperty("cohorts");
        var kc = kit.GetProperty("cohorts");
        Assert.Equal(pc.GetProperty("sizes").EnumerateArray().Select(x => x.GetInt64()), kc.GetProperty("sizes").EnumerateArray().Select(x => x.GetInt64()));
        var pm = pc.GetProperty("matrix").EnumerateArray().ToList();
        var km = kc.GetProperty("matrix").EnumerateArray().ToList();
        Assert.Equal(pm.Count, km.Count);
        for (int c = 0; c < pm.Count; c++)
        {
            var pr = pm[c].EnumerateArray().ToList();
            var kr = km[c].EnumerateArray().ToList();
            Assert.Equal(pr.Count, kr.Count);
            for (int j = 0; j < pr.Count; j++) Close(pr[j], kr[j], $"cohort {c} +{j}");
        }
    }

    private static void Close(JsonElement expected, JsonElement actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null) { Assert.True(actual.ValueKind == JsonValueKind.Null, $"{what}: pandas null, kit {actual}"); return; }
        Assert.True(Math.Abs(expected.GetDouble() - actual.GetDouble()) < 1e-9, $"{what}: pandas {expected}, kit {actual}");
    }
}
