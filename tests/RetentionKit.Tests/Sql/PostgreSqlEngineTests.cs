using System.IO.Compression;
using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Sql;

namespace RetentionKit.Tests.Sql;

/// <summary>The reductions on a real PostgreSQL server (Debian's, started here) equal the in-memory ones.</summary>
public class PostgreSqlEngineTests
{
    [SkippableFact]
    public void OnlineRetail_InAPostgreSqlTable_ReducesAsInMemory()
    {
        Skip.IfNot(Directory.Exists("/usr/lib/postgresql") || Environment.GetEnvironmentVariable("CI") == "true",
            "Debian's postgresql server is not installed (apt-get install -y postgresql; .ci/run does)");
        using var server = new PostgresServer();
        using var c = server.Connect();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE online_retail (\"InvoiceNo\" text, \"StockCode\" text, \"Description\" text, \"Quantity\" double precision, " +
                              "\"InvoiceDate\" timestamp, \"UnitPrice\" double precision, \"CustomerID\" text, \"Country\" text, line_no bigserial)";
            cmd.ExecuteNonQuery();
        }
        // The shipped file as it is, through COPY: the server parses it, not the kit; line_no keeps the file's order.
        using (var copy = c.BeginTextImport("COPY online_retail (\"InvoiceNo\", \"StockCode\", \"Description\", \"Quantity\", \"InvoiceDate\", \"UnitPrice\", \"CustomerID\", \"Country\") FROM STDIN (FORMAT csv, HEADER true)"))
        using (var text = new StreamReader(new GZipStream(File.OpenRead(TestData.OnlineRetail), CompressionMode.Decompress)))
            copy.Write(text.ReadToEnd());
        var memory = ReducedTransactions.From(TransactionLoader.Load(TestData.OnlineRetail));
        var engine = DatabaseEngine.ReducePostgreSql(c, "online_retail", lineColumn: "line_no");
        Assert.Equal("PostgreSQL", engine.Engine);
        Assert.Equal("PostgreSQL table", engine.Report.Format);
        ReductionEquality.Same(memory, engine);

        // A query works as a table does: here, the lines of one country.
        var france = DatabaseEngine.ReducePostgreSql(c, "SELECT * FROM online_retail WHERE \"Country\" = 'France'", lineColumn: "line_no");
        var inMemory = ReducedTransactions.From(new LoadResult(TransactionLoader.Load(TestData.OnlineRetail, new LoadOptions { KeepExtraColumns = true }).Transactions.Segment("Country", "France"), memory.Report));
        Assert.Equal(inMemory.History.OrderCount, france.History.OrderCount);
        Assert.Equal(inMemory.History.CustomerIds, france.History.CustomerIds);
    }
}
