using System.Text.Json;

namespace RetentionKit.Tests.Sql;

/// <summary><c>--engine</c> on the commands that compute: the same answers from DuckDB, and clear refusals.</summary>
public class EngineCliTests
{
    [Fact]
    public void Metrics_OnDuckDb_PrintTheSameJson_AsInMemory()
    {
        var memory = Cli.Run("metrics", TestData.OnlineRetail, "--json");
        var duck = Cli.Run("metrics", TestData.OnlineRetail, "--json", "--engine", "duckdb", "--memory-limit", "2GB");
        Assert.Equal(0, memory.Code);
        Assert.Equal(0, duck.Code);
        Assert.Contains("read by DuckDB", JsonDocument.Parse(duck.Out).RootElement.GetProperty("load").GetRawText());
        ReductionEquality.SameJson(memory.Out, duck.Out);
    }

    [Fact]
    public void Clv_AndReport_RunOnDuckDb()
    {
        var clv = Cli.Run("clv", TestData.CdnowMaster, "--preset", "cdnow", "--engine", "duckdb", "--json");
        var inMemory = Cli.Run("clv", TestData.CdnowMaster, "--preset", "cdnow", "--json");
        Assert.Equal(0, clv.Code);
        Assert.Equal(JsonDocument.Parse(inMemory.Out).RootElement.GetProperty("bgnbd").GetRawText(), JsonDocument.Parse(clv.Out).RootElement.GetProperty("bgnbd").GetRawText());
        var dir = Directory.CreateTempSubdirectory("engine-report-").FullName;
        var report = Cli.Run("report", TestData.OnlineRetail, "--out", dir, "--engine", "duckdb");
        Assert.Equal(0, report.Code);
        Assert.Contains("reduced by DuckDB", report.Err);
        Assert.Contains("read by DuckDB", File.ReadAllText(Path.Combine(dir, "retention-report.html")));
    }

    [Theory]
    [InlineData("--engine", "spark", "--engine: expected memory or duckdb, got 'spark'.")]
    [InlineData("--memory-limit", "lots", "--memory-limit: expected a size such as 3GB or 512MB, got 'lots'.")]
    public void BadEngineOptions_AreUsageErrors(string option, string value, string message)
    {
        var args = option == "--memory-limit" ? new[] { "metrics", TestData.OnlineRetail, "--engine", "duckdb", option, value } : ["metrics", TestData.OnlineRetail, option, value];
        var r = Cli.Run(args);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void AFolder_InMemory_SaysToUseDuckDb()
    {
        var r = Cli.Run("metrics", Directory.CreateTempSubdirectory("engine-folder-").FullName);
        Assert.Equal(2, r.Code);
        Assert.Contains("--engine duckdb reads a folder of Parquet files", r.Err);
    }
}
