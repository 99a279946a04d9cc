using System.IO.Compression;
using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>The shipped example tables are what <c>retention generate --tables</c> writes, and their README says what the kit measures on them.</summary>
public class SyntheticTablesTests
{
    private static string Shipped(string file) => Path.Combine(TestData.Root, "data", "synthetic", file);

    private static string Text(string path)
    {
        using var s = File.OpenRead(path);
        using var r = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(s, CompressionMode.Decompress) : s);
        return r.ReadToEnd();
    }

    [Fact]
    public void ShippedTables_AreWhatGenerateWrites()
    {
        var dir = Directory.CreateTempSubdirectory("generate-tables-").FullName;
        var (code, output, err) = Cli.Run("generate", "--tables", dir, "--gzip");
        Assert.True(code == 0, err);
        Assert.Contains("wrote   118,212 rows to", output);
        foreach (var f in new[] { "orders.csv.gz", "subscriptions.csv", "invoices.csv", "surveys.csv", "members.csv", "truth.json" })
            Assert.True(Text(Path.Combine(dir, f)) == Text(Shipped(f)), $"{f} differs from a fresh `retention generate --tables DIR --gzip`");
    }

    [Fact]
    public void ShippedTables_Load_AndTheReadmeSaysWhatTheKitMeasures()
    {
        string[] files = ["subscriptions", "invoices", "surveys", "members"];
        var args = new List<string> { "metrics", Shipped("orders.csv.gz") };
        foreach (var f in files) args.AddRange([$"--{f}", Shipped(f + ".csv")]);
        var (code, output, err) = Cli.Run([.. args]);
        Assert.True(code == 0, err);
        var readme = File.ReadAllText(Shipped("README.md"));
        foreach (var f in files) Assert.Matches($@"{f}\.csv \({f}\): ([\d,]+) rows read = \1 accepted \+ 0 rejected", output);
        // Each measured value the README quotes, as the command prints it today.
        foreach (var quoted in new[] { "retention 89.4 %, churn 10.5 % (3.5 % per 30 days)", "NPS +16.6 (41.0 % promoters, 34.6 % passives, 24.4 % detractors; 1,455 responses)",
                     "CSAT 72.1 % (1,049 of 1,455", "Price too high 36 %, Switched to a competitor 24 %, No longer needed 21 %", "DSO 30.5 days, amount-weighted days to pay 35.1",
                     "1.24× as often", "95 % CI 1.19–1.29", "1,233 members and 2,800 non-members" })
            Assert.Contains(quoted, output);
        foreach (var number in new[] { "89.4 %", "+16.6", "72.1 %", "1,049 of 1,455", "838 answers", "30.5 days", "35.1", "1.24×", "1.19–1.29", "1,233 members" })
            Assert.Contains(number, readme);
        Assert.Equal(118_212, TransactionLoader.Load(ShippedData.Find(ShippedData.SyntheticOrders, TestData.Root)).Report.RowsAccepted);
    }

    [Theory]
    [InlineData("05-repeat-loyalty-cohorts-survival.ipynb", "Members", "Subscriptions")]
    [InlineData("08-returns-receivables-surveys.ipynb", "Invoices", "Surveys")]
    public void Notebooks_LoadTheExampleTables_FromFiles(string notebook, string first, string second)
    {
        var text = File.ReadAllText(Path.Combine(TestData.Root, "notebooks", notebook));
        Assert.Contains($"TableLoader.{first}(ShippedData.Find(ShippedData.Synthetic{first}))", text);
        Assert.Contains($"TableLoader.{second}(ShippedData.Find(ShippedData.Synthetic{second}))", text);
        Assert.DoesNotContain("SyntheticData.Generate", text);
    }
}
