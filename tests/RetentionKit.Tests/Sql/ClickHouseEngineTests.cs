using System.Globalization;
using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Sql;

namespace RetentionKit.Tests.Sql;

/// <summary>
/// The ClickHouse dialect of the reductions on a real two-shard cluster (Debian's clickhouse-server 18.16, two servers
/// started here): Online Retail's lines split by customer over the shards' MergeTree tables, the reductions run on a
/// Distributed table over both, and the result equals the in-memory path.
/// </summary>
public class ClickHouseEngineTests
{
    private const string Columns = "line Int64, customer Nullable(String), order_id Nullable(String), us Int64, qty Nullable(Float64), amount Nullable(Float64), product Nullable(String), pname Nullable(String), flag UInt8";

    [SkippableFact]
    public void OnlineRetail_OnATwoShardDistributedTable_ReducesAsInMemory()
    {
        Skip.IfNot(File.Exists(ClickHouseCluster.Server) || Environment.GetEnvironmentVariable("CI") == "true",
            "Debian's clickhouse-server is not installed (apt-get install -y clickhouse-server; .ci/run does)");
        var loaded = TransactionLoader.Load(TestData.OnlineRetail);
        var t = loaded.Transactions;
        using var cluster = new ClickHouseCluster();
        var shards = cluster.HttpPorts.Select(p => new ClickHouseHttpRunner(p)).ToArray();
        try
        {
            foreach (var s in shards) s.Execute($"CREATE TABLE lines_local ({Columns}) ENGINE = MergeTree ORDER BY line");
            shards[0].Execute("CREATE TABLE lines AS lines_local ENGINE = Distributed(two_shards, default, lines_local, cityHash64(ifNull(customer, '')))");
            // The lines in the kit's layout, each customer's on one shard (by the id's last character).
            string N(double v) => double.IsNaN(v) ? "\\N" : v.ToString("R", CultureInfo.InvariantCulture);
            var rows = Enumerable.Range(0, t.Count).Select(i =>
            {
                int c = t.Customer[i], o = t.Order[i], p = t.Product[i];
                string? customer = c >= 0 ? t.CustomerIds[c] : null;
                long us = (t.Time[i].Ticks - DateTime.UnixEpoch.Ticks) / 10;
                return (Shard: customer is null ? 0 : (customer[^1] & 1), Tsv: string.Join('\t', (i + 2).ToString(CultureInfo.InvariantCulture), ClickHouseHttpRunner.Escape(customer),
                    ClickHouseHttpRunner.Escape(o >= 0 ? t.OrderIds[o] : null), us.ToString(CultureInfo.InvariantCulture), N(t.Qty[i]), N(t.Money[i]),
                    ClickHouseHttpRunner.Escape(p >= 0 ? t.ProductIds[p] : null), ClickHouseHttpRunner.Escape(p >= 0 ? t.ProductNames.ElementAtOrDefault(p) : null), t.Return[i] ? "1" : "0"));
            }).ToList();
            for (int k = 0; k < 2; k++) shards[k].Insert("lines_local", rows.Where(r => r.Shard == k).Select(r => r.Tsv));
            long[] perShard = shards.Select(s => { long n = 0; s.Query("SELECT count(*) FROM lines_local", r => n = r.Long(0)); return n; }).ToArray();
            Assert.All(perShard, n => Assert.True(n > 100_000, $"a shard holds {n} lines"));
            Assert.Equal(t.Count, perShard.Sum());

            var engine = DatabaseEngine.ReduceLines(shards[0], "lines", new LinesLayout(true, true, true, false, true));
            Assert.Equal("ClickHouse", engine.Engine);
            ReductionEquality.Same(ReducedTransactions.From(loaded), engine, sameFile: false);
        }
        finally { foreach (var s in shards) s.Dispose(); }
    }
}
