using System.Text.Json;
using RetentionKit.Cli;

namespace RetentionKit.Tests.Data;

/// <summary>`retention inspect --json` agrees with an independent pandas computation on the shipped files.</summary>
[Trait("Category", "Peer")]
public class PandasLoadCrossCheckTests
{
    [SkippableTheory]
    [InlineData("online_retail", "online_retail/online_retail.csv.gz", "")]
    [InlineData("cdnow", "cdnow/CDNOW_master.txt", "cdnow")]
    [InlineData("cdnow", "cdnow/CDNOW_sample.txt", "cdnow")]
    public void Inspect_ShippedData_MatchesPandas(string kind, string file, string preset)
    {
        Peers.RequirePandas();
        string path = Path.Combine(TestData.Root, "data", file);
        var expected = Peers.RunJson("load_counts.py", kind, path);
        var args = new List<string> { "inspect", path, "--json" };
        if (preset.Length > 0) args.AddRange(["--preset", preset]);
        var stdout = new StringWriter();
        Assert.Equal(0, Program.Run(args.ToArray(), stdout, new StringWriter()));
        var actual = JsonDocument.Parse(stdout.ToString()).RootElement;
        foreach (var p in expected.EnumerateObject())
        {
            var a = actual.GetProperty(p.Name);
            if (p.Value.ValueKind == JsonValueKind.Number) Assert.True(Math.Abs(p.Value.GetDouble() - a.GetDouble()) < 0.005, $"{p.Name}: pandas {p.Value}, kit {a}");
            else Assert.Equal(p.Value.ToString(), a.ToString());
        }
    }
}
