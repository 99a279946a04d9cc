using System.Text.Json;

namespace RetentionKit.Tests.Clv;

/// <summary>The model family from the command line: clv --model paretonbd|both|bgbb and survival --model sbg, in text and JSON, and their usage errors.</summary>
public class ModelFamilyCliTests
{
    private static string Cdnow => Path.Combine(TestData.Root, "data", "cdnow", "CDNOW_sample.txt");
    private static string Donations => Path.Combine(TestData.Root, "data", "donations", "donations.csv");

    [Fact]
    public void Clv_Both_ComparesTheModels_OnTheHoldout()
    {
        var (code, json, err) = Cli.Run("clv", Cdnow, "--preset", "cdnow", "--model", "both", "--calibration-end", "1997-10-01", "--observation-end", "1998-07-01", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(0.553, root.GetProperty("paretonbd").GetProperty("r").GetDouble(), 3);
        Assert.Equal(0.243, root.GetProperty("bgnbd").GetProperty("r").GetDouble(), 3);
        var scores = root.GetProperty("comparison").EnumerateArray().ToList();
        Assert.Equal(["BG/NBD", "Pareto/NBD"], scores.Select(s => s.GetProperty("model").GetString()));
        Assert.All(scores, s => Assert.Equal(1882, s.GetProperty("holdout").GetProperty("actual").GetDouble()));
        Assert.Equal("BG/NBD", root.GetProperty("betterFit").GetString());
        var histogram = root.GetProperty("periodTransactions").EnumerateArray().ToList();
        Assert.Equal(1411, histogram[0].GetProperty("actual").GetInt32());
        Assert.Equal(2357, histogram.Sum(h => h.GetProperty("paretonbd").GetDouble()), 3);
        var (tcode, text, terr) = Cli.Run("clv", Cdnow, "--preset", "cdnow", "--model", "paretonbd");
        Assert.True(tcode == 0, terr);
        Assert.Contains("Pareto/NBD (converged", text);
        Assert.Contains("CLV with Pareto/NBD purchases and Gamma–Gamma spend", text);
    }

    [Fact]
    public void Clv_Bgbb_FitsTheDonations_AndPredictsPerPattern()
    {
        var (code, json, err) = Cli.Run("clv", Donations, "--model", "bgbb", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(1.204, root.GetProperty("alpha").GetDouble(), 2);
        Assert.Equal(22, root.GetProperty("patternsPredicted").GetArrayLength());
        Assert.True(root.GetProperty("converged").GetBoolean());
        var bad = Path.Combine(Directory.CreateTempSubdirectory("bgbb-").FullName, "bad.csv");
        File.WriteAllText(bad, "frequency,recency,periods\n3,2,6\n");
        var (bcode, _, berr) = Cli.Run("clv", bad, "--model", "bgbb");
        Assert.Equal(2, bcode);
        Assert.Contains("bad.csv, line 2: frequency 3, recency 2, periods 6 cannot be", berr);
        var (mcode, _, merr) = Cli.Run("clv", Donations, "--model", "pareto");
        Assert.Equal(2, mcode);
        Assert.Contains("--model: expected bgnbd, paretonbd, both or bgbb", merr);
    }

    [Fact]
    public void Survival_Sbg_OnCounts_AndOnSubscriptions()
    {
        var (code, json, err) = Cli.Run("survival", "--model", "sbg", "--survivors", "1000,869,743,653,593,551,517,491", "--json");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(0.668, root.GetProperty("alpha").GetDouble(), 3);
        Assert.Equal(3.806, root.GetProperty("beta").GetDouble(), 2);
        var projection = root.GetProperty("projection").EnumerateArray().ToList();
        Assert.Equal(13, projection.Count);
        Assert.True(projection[12].GetProperty("retention").GetDouble() > projection[1].GetProperty("retention").GetDouble());
        var (scode, text, serr) = Cli.Run("survival", "--subscriptions", Path.Combine(TestData.Root, "data", "synthetic", "subscriptions.csv"));
        Assert.True(scode == 0, serr);
        Assert.Contains("subscriptions.csv (subscriptions): 2,000 rows read = 2,000 accepted + 0 rejected", text);
        Assert.Contains("Retention barely changes with tenure", text);
        var (ucode, _, uerr) = Cli.Run("survival", "--survivors", "1000,1100");
        Assert.Equal(2, ucode);
        Assert.Contains("--survivors: survivors rise from 1000 to 1100 at period 1", uerr);
        var (ncode, _, nerr) = Cli.Run("survival");
        Assert.Equal(2, ncode);
        Assert.Contains("give --survivors", nerr);
    }

    [Fact]
    public void Clv_Intervals_AreInTheJson_AndBadCountsAreRefused()
    {
        var (code, json, err) = Cli.Run("clv", Cdnow, "--preset", "cdnow", "--intervals", "40", "--json");
        Assert.True(code == 0, err);
        var band = JsonDocument.Parse(json).RootElement.GetProperty("clvInterval");
        double total = band.GetProperty("total").GetDouble();
        Assert.True(band.GetProperty("lower").GetDouble() < total && total < band.GetProperty("upper").GetDouble());
        Assert.Equal(total, JsonDocument.Parse(json).RootElement.GetProperty("clvTotal").GetDouble(), 6);
        Assert.Contains("parametric bootstrap", band.GetProperty("method").GetString());
        var (bad, _, badErr) = Cli.Run("clv", Cdnow, "--preset", "cdnow", "--intervals", "5");
        Assert.Equal(2, bad);
        Assert.Contains("--intervals: expected 20 to 10,000 draws", badErr);
    }
}
