using System.Text.Json;
using RetentionKit.Cli;

namespace RetentionKit.Tests.Clv;

public class ClvCommandTests
{
    private static readonly string Sample = Path.Combine(TestData.Root, "data", "cdnow", "CDNOW_sample.txt");

    [Fact]
    public void Json_CdnowCalibration_HasTheIssueKeysAndThePaperValues()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(["clv", Sample, "--preset", "cdnow", "--calibration-end", "1997-10-01", "--observation-end", "1998-07-01", "--json"], o, e);
        Assert.True(code == 0, e.ToString());
        var j = JsonDocument.Parse(o.ToString()).RootElement;
        Assert.Equal(2357, j.GetProperty("customers").GetInt32());
        var bg = j.GetProperty("bgnbd");
        Assert.Equal(0.243, bg.GetProperty("r").GetDouble(), 3);
        Assert.Equal(4.414, bg.GetProperty("alpha").GetDouble(), 3);
        Assert.Equal(0.793, bg.GetProperty("a").GetDouble(), 3);
        Assert.Equal(2.426, bg.GetProperty("b").GetDouble(), 3);
        Assert.True(bg.GetProperty("converged").GetBoolean());
        Assert.True(bg.TryGetProperty("logLikelihood", out _));
        var gg = j.GetProperty("gammaGamma");
        // lifetimes' documented CDNOW values: p = 6.25, q = 3.74, v = 15.44.
        Assert.Equal(6.25, gg.GetProperty("p").GetDouble(), 2);
        Assert.Equal(3.74, gg.GetProperty("q").GetDouble(), 2);
        Assert.Equal(15.44, gg.GetProperty("v").GetDouble(), 2);
        Assert.True(gg.GetProperty("converged").GetBoolean());
        Assert.True(j.GetProperty("clvTotal").GetDouble() > 0);
        Assert.True(j.GetProperty("holdout").GetProperty("predicted").GetDouble() > 0);
        Assert.Equal(1882, j.GetProperty("holdout").GetProperty("actual").GetDouble());
    }

    [Fact]
    public void Text_WithoutCalibration_HasNoHoldout()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, Program.Run(["clv", Sample, "--preset", "cdnow", "--time-unit", "month", "--horizon", "6"], o, e));
        Assert.Contains("BG/NBD (converged", o.ToString());
        Assert.Contains("per month", o.ToString());
        Assert.DoesNotContain("Holdout", o.ToString());
    }

    [Theory]
    [InlineData("--time-unit", "year")]
    [InlineData("--calibration-end", "1999-01-01")]
    [InlineData("--margin", "0")]
    public void BadOptions_ExitCode2(string option, string value)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Program.Run(["clv", Sample, "--preset", "cdnow", option, value], o, e));
        Assert.Contains(option, e.ToString());
    }
}
