using RetentionKit.Data;
using RetentionKit.Reductions;
using RetentionKit.Sql;

namespace RetentionKit.Tests.Sql;

public class DuckDbEngineTests
{
    [Fact]
    public void OnlineRetail_ReducesInDuckDb_AsInMemory()
    {
        var memory = ReducedTransactions.From(TransactionLoader.Load(TestData.OnlineRetail));
        var engine = DuckDbEngine.Reduce(TestData.OnlineRetail);
        Assert.StartsWith("DuckDB", engine.Engine);
        ReductionEquality.Same(memory, engine);
    }

    [Fact]
    public void Cdnow_WhitespaceText_ReducesInDuckDb_AsInMemory()
    {
        var memory = ReducedTransactions.From(TransactionLoader.Load(TestData.CdnowMaster, LoadOptions.Cdnow));
        var engine = DuckDbEngine.Reduce(TestData.CdnowMaster, LoadOptions.Cdnow);
        ReductionEquality.Same(memory, engine);
    }
}
