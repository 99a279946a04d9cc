using RetentionKit.Cli;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Charts;

/// <summary>The report's CSV exports are data: pandas (the peer) reads every numeric column as numbers.</summary>
public class ReportCsvTests
{
    private const string Check = """
        import glob, json, re, sys
        import pandas as pd
        problems, files, numeric = [], 0, 0
        for f in sorted(glob.glob(sys.argv[1] + "/*.csv")):
            files += 1
            df = pd.read_csv(f)
            for c in df.columns:
                if pd.api.types.is_numeric_dtype(df[c]):
                    numeric += 1
                    if c.endswith("(fraction)") and df[c].dropna().abs().gt(1000).any():
                        problems.append(f"{f}: {c} holds values that are not fractions")
                    continue
                if c.endswith("(fraction)"):
                    problems.append(f"{f}: {c} is not numeric")
                    continue
                text = df[c].dropna().astype(str)
                if len(text) and text.str.fullmatch(r"'?-?[\d,]+(\.\d+)?( ?%)?").all():
                    problems.append(f"{f}: {c} holds numbers as display text, e.g. {text.iloc[0]!r}")
        print(json.dumps({"files": files, "numeric": numeric, "problems": problems}))
        """;

    [SkippableFact]
    public void EveryExportedCsv_ReadsAsNumbers_InPandas()
    {
        Peers.RequirePandas();
        var dir = Directory.CreateTempSubdirectory("report-csv-").FullName;
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 1500, Seed = 5 });
        var csv = Path.Combine(dir, "orders.csv");
        TransactionWriter.WriteCsv(t, csv);
        var outDir = Path.Combine(dir, "out");
        ReportCommand.Write(csv, new LoadOptions(), new SuiteOptions { MinimumPeriods = 3 }, outDir, syntheticAppendix: true, TextWriter.Null);
        var (code, output) = Processes.Run("/usr/bin/python3", ["-c", Check, outDir], dir, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        var result = System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.True(result.GetProperty("files").GetInt32() >= 8, output);
        Assert.True(result.GetProperty("numeric").GetInt32() >= 20, output);
        Assert.Equal("[]", result.GetProperty("problems").GetRawText());
    }
}
