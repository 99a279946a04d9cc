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

    /// <summary>--format both: the workbook holds every CSV's data, as number, percent and date cells, on a sheet per table.</summary>
    [Fact]
    public void TheWorkbook_HoldsEveryCsvsData_AsTypedCells()
    {
        var dir = Directory.CreateTempSubdirectory("report-xlsx-").FullName;
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 800, Seed = 6 });
        var orders = Path.Combine(dir, "orders.csv");
        TransactionWriter.WriteCsv(t, orders);
        var outDir = Path.Combine(dir, "out");
        ReportCommand.Write(orders, new LoadOptions(), new SuiteOptions { MinimumPeriods = 3 }, outDir, syntheticAppendix: true, TextWriter.Null, format: "both");
        var csvs = Directory.GetFiles(outDir, "*.csv").Order(StringComparer.Ordinal).ToList();
        Assert.True(csvs.Count >= 8);
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(Path.Combine(outDir, "retention-report.xlsx"));
        using var book = ExcelDataReader.ExcelReaderFactory.CreateReader(stream);
        var sheets = new Dictionary<string, List<(object?[] Values, string[] Formats)>>(StringComparer.Ordinal);
        do
        {
            var rows = new List<(object?[], string[])>();
            while (book.Read())
                rows.Add((Enumerable.Range(0, book.FieldCount).Select(book.GetValue).ToArray(), Enumerable.Range(0, book.FieldCount).Select(i => book.GetNumberFormatString(i) ?? "").ToArray()));
            sheets[book.Name] = rows;
        } while (book.NextResult());
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int numbers = 0, percents = 0, dates = 0;
        foreach (var csv in csvs)
        {
            var sheet = sheets[RetentionKit.Charts.Reports.ReportWorkbook.SheetName(Path.GetFileNameWithoutExtension(csv), used)];
            using var reader = Sylvan.Data.Csv.CsvDataReader.Create(csv);
            var headers = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            Assert.Equal(headers.Select(h => h.Replace(" (fraction)", "", StringComparison.Ordinal)), sheet[0].Values.Select(v => (string?)v));
            int r = 0;
            while (reader.Read())
            {
                var (values, formats) = sheet[++r];
                for (int c = 0; c < headers.Length; c++)
                {
                    string text = reader.GetString(c);
                    object? cell = c < values.Length ? values[c] : null;
                    string where = $"{Path.GetFileName(csv)} row {r} column {headers[c]}";
                    switch (cell)
                    {
                        case null: Assert.True(text.Length == 0, $"{where}: empty in the workbook, '{text}' in the CSV"); break;
                        case double d:
                            Assert.True(Math.Abs(d - double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)) <= 1e-9 * Math.Max(1, Math.Abs(d)), $"{where}: {d} against '{text}'");
                            bool rate = headers[c].EndsWith("(fraction)", StringComparison.Ordinal);
                            Assert.True(rate == formats[c].Contains('%'), $"{where}: format '{formats[c]}'");
                            if (rate) percents++; else numbers++;
                            break;
                        case DateTime moment: Assert.StartsWith(moment.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text); dates++; break;
                        case string s: Assert.True(text == s || text == "'" + s, $"{where}: '{s}' against '{text}'"); break;
                    }
                }
            }
            Assert.Equal(sheet.Count - 1, r);
        }
        Assert.True(numbers > 100 && percents > 20 && dates > 10, $"{numbers} numbers, {percents} percents, {dates} dates");
        Assert.Contains("retention-report.xlsx", File.ReadAllText(Path.Combine(outDir, "retention-report.files")));
    }
}
