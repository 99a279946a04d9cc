using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Surveys;

namespace RetentionKit.Tests.Metrics;

/// <summary>Open churn reasons are coded by a documented keyword rule the user can extend; the uncoded rest is listed, every answer counted once.</summary>
public class ReasonCodebookTests
{
    private static readonly string[] Open =
    [
        "Too expensive since the price went up", "Found a cheaper shop", "The delivery was late twice", "Parcel arrived damaged",
        "You never answered my e-mail", "Moving abroad", "prices are too high", "Support was rude", "late delivery again",
        "I switched to a competitor", "we no longer need it", "the app has a bug", "Moving house", "retiring",
    ];

    private static RetentionKit.Customers.OrderHistory OneOrder =>
        RetentionKit.Customers.OrderHistory.From(TransactionLoader.Load(new MemoryStream("customer,date,amount\na,2024-01-01,1\n"u8.ToArray()), "o.csv").Transactions);

    private static List<SurveyResponse> Answers(IEnumerable<string> reasons) =>
        reasons.Select((r, i) => new SurveyResponse($"c{i}", new DateTime(2024, 1, 1).AddDays(i), ChurnReason: r)).ToList();

    [Fact]
    public void OpenAnswers_AreCodedByTheDefaultRule_AndTheRestListed()
    {
        Assert.True(ReasonCodebook.LooksFreeText(Open));
        var m = OtherTableMetrics.Compute(new OtherTables(Surveys: Answers(Open)), OneOrder);
        var coded = Assert.IsType<CodedAnswers>(m.Coded);
        Assert.Equal(14, coded.Reasons.Responses);
        // "Parcel arrived damaged" goes to the first matching reason in the list: product quality (damaged) comes before delivery.
        var counts = coded.Reasons.Reasons.ToDictionary(r => r.Reason, r => r.Count);
        Assert.Equal(3, counts["price"]);            // expensive, cheaper, prices
        Assert.Equal(2, counts["delivery"]);         // late twice, late delivery
        Assert.Equal(2, counts["support"]);          // never answered, support
        Assert.Equal(2, counts["product quality"]);  // damaged, bug
        Assert.Equal(1, counts["competitor"]);
        Assert.Equal(1, counts["no longer needed"]);
        Assert.Equal(["Moving abroad", "Moving house", "retiring"], coded.NotCoded);
        Assert.Equal(3, counts[ChurnReasons.NotCoded]);
        Assert.Contains("3 not coded", m.ToString());
    }

    [Fact]
    public void Categories_PickedFromAList_AreCountedAsGiven()
    {
        var picked = Enumerable.Repeat("Price too high", 40).Concat(Enumerable.Repeat("Poor support", 20)).Concat(Enumerable.Repeat("Other", 5));
        var m = OtherTableMetrics.Compute(new OtherTables(Surveys: Answers(picked)), OneOrder);
        Assert.Null(m.Coded);
        Assert.Equal(["Price too high", "Poor support", "Other"], m.Reasons!.Reasons.Select(r => r.Reason));
    }

    [Fact]
    public void AUsersCodebook_ComesFirst_AndIsReadFromItsLines()
    {
        var own = ReasonCodebook.Parse("reason,keywords\n# life changes\nmoved,moving;relocat\nmoved,abroad\n", "book.csv");
        Assert.Equal(["moved: moving, relocat, abroad"], own.Select(e => $"{e.Reason}: {string.Join(", ", e.Keywords)}"));
        var m = OtherTableMetrics.Compute(new OtherTables(Surveys: Answers(Open)) { Codebook = own }, OneOrder);
        Assert.Equal(["retiring"], m.Coded!.NotCoded);
        Assert.Equal(2, m.Reasons!.Reasons.Single(r => r.Reason == "moved").Count);
        var bad = Assert.Throws<FormatException>(() => ReasonCodebook.Parse("price\n", "book.csv"));
        Assert.Equal("book.csv, line 1: expected 'reason,keyword;keyword', e.g. 'price,expensive;cheaper'; found 'price'.", bad.Message);
    }

    [Fact]
    public void TheCli_TakesACodebook_AndSaysWhatWasNotCoded()
    {
        var dir = Directory.CreateTempSubdirectory("codebook-").FullName;
        var orders = Path.Combine(dir, "orders.csv");
        TransactionWriter.WriteCsv(RetentionKit.Synthetic.SyntheticData.GenerateTransactions(new() { Customers = 300, Seed = 2 }), orders);
        var surveys = Path.Combine(dir, "why.csv");
        TableWriter.Surveys(Answers(Open), surveys);
        var book = Path.Combine(dir, "book.csv");
        File.WriteAllText(book, "moved,moving;abroad\n");
        var (code, text, err) = Cli.Run("metrics", orders, "--surveys", surveys, "--reason-codebook", book);
        Assert.True(code == 0, err);
        Assert.Contains("open answers coded by keywords, 1 not coded", text);
        Assert.Contains("not coded (add keywords with --reason-codebook): retiring", text);
        File.WriteAllText(book, "moved\n");
        var (bad, _, badErr) = Cli.Run("metrics", orders, "--surveys", surveys, "--reason-codebook", book);
        Assert.Equal(2, bad);
        Assert.Contains("--reason-codebook: book.csv, line 1: expected 'reason,keyword;keyword'", badErr);
        var (alone, _, aloneErr) = Cli.Run("metrics", orders, "--reason-codebook", book);
        Assert.Equal(2, alone);
        Assert.Contains("give --surveys FILE too", aloneErr);
    }
}
