using Microsoft.Playwright;
using RetentionKit.Cli;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Synthetic;

namespace RetentionKit.Tests.Charts;

/// <summary>
/// Opens the generated report from disk in Debian's chromium (Playwright, ExecutablePath): every chart draws, nothing
/// goes to the network, the console stays clean, and data strings show as text. A machine without chromium skips with
/// the reason; CI installs it and never skips.
/// </summary>
[Trait("Category", "Browser")]
[Collection("Formatter")]
public class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    internal const string Evil = "<script>window.__pwned=1</script>";

    private static void RequireChromium() =>
        Skip.IfNot(File.Exists(Chromium) || Environment.GetEnvironmentVariable("CI") == "true",
            $"Debian's chromium is not installed at {Chromium} (apt-get install -y chromium); the browser tests are skipped.");

    /// <summary>Synthetic transactions plus a large return of a product named like a script, so it tops the returns chart.</summary>
    private static string WriteReport(string dir)
    {
        var t = SyntheticData.GenerateTransactions(new SyntheticOptions { Customers = 1500, Seed = 5 });
        var csv = Path.Combine(dir, "evil.csv");
        TransactionWriter.WriteCsv(t, csv);
        File.AppendAllText(csv, $"C999999,\"{Evil}\",-100000,2024-06-03 10:00:00,1.5,{t.CustomerIds[0]},-150000\n");
        return ReportCommand.Write(csv, new LoadOptions(), new SuiteOptions { MinimumPeriods = 3 }, Path.Combine(dir, "out"), syntheticAppendix: true, TextWriter.Null);
    }

    [SkippableFact]
    public async Task ExecutedNotebookHtml_DrawsItsCharts_Offline()
    {
        RequireChromium();
        var run = RetentionKit.Tests.Notebooks.NotebookTestKit.Run("02-purchase-cycle-and-period.ipynb");
        Assert.True(run.Succeeded, run.Error);
        var path = Path.Combine(Directory.CreateTempSubdirectory("nb-browser-").FullName, "02.html");
        File.WriteAllText(path, RetentionKit.Notebooks.NotebookHtml.Render(run.Notebook));
        await using var session = await OfflinePage.OpenAsync(path);
        var (page, errors, network) = (session.Page, session.Errors, session.Network);
        int charts = await page.Locator("div.chart").CountAsync();
        Assert.Equal(2, charts);
        for (int i = 0; i < charts; i++)
        {
            var chart = page.Locator("div.chart").Nth(i);
            Assert.True(await chart.Locator("svg.main-svg").CountAsync() > 0, $"chart {i + 1}: no plotly SVG");
            Assert.True(await chart.Locator("g.trace").CountAsync() > 0, $"chart {i + 1}: no data traces");
        }
        Assert.Empty(errors);
        Assert.Empty(network);
        Assert.Contains("Purchase cycles and choosing the period", await page.InnerTextAsync("h1"));
    }

    [SkippableFact]
    public async Task Report_DrawsEveryChartOffline_WithoutConsoleErrors_AndShowsEscapedText()
    {
        RequireChromium();
        var dir = Directory.CreateTempSubdirectory("report-browser-").FullName;
        var html = WriteReport(dir);
        await using var session = await OfflinePage.OpenAsync(html);
        var (page, errors, network) = (session.Page, session.Errors, session.Network);

        int charts = await page.Locator("div.chart").CountAsync();
        Assert.True(charts >= 18, $"only {charts} charts");
        for (int i = 0; i < charts; i++)
        {
            var chart = page.Locator("div.chart").Nth(i);
            var id = await chart.GetAttributeAsync("id");
            Assert.True(await chart.Locator("svg.main-svg").CountAsync() > 0, $"{id}: no plotly SVG");
            int traces = await chart.Locator("g.trace, g.hm, g.heatmaplayer image, .barlayer .point").CountAsync();
            Assert.True(traces > 0, $"{id}: no data traces drawn");
        }
        Assert.Empty(errors);
        Assert.Empty(network);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__pwned === 1"), "a data string ran as script");
        var text = await page.InnerTextAsync("body");
        Assert.Contains(Evil, text); // the product id, shown as text in the returns table
        var shots = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "report.png"), FullPage = true });
    }

    /// <summary>A file opened in headless chromium, recording console errors and every request that leaves the disk.</summary>
    private sealed class OfflinePage : IAsyncDisposable
    {
        private IPlaywright _playwright = null!;
        private IBrowser _browser = null!;
        public IPage Page { get; private set; } = null!;
        public List<string> Errors { get; } = new();
        public List<string> Network { get; } = new();

        public static async Task<OfflinePage> OpenAsync(string file)
        {
            var s = new OfflinePage();
            s._playwright = await Playwright.CreateAsync();
            s._browser = await s._playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
            s.Page = await s._browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
            s.Page.Console += (_, m) => { if (m.Type == "error") s.Errors.Add(m.Text); };
            s.Page.PageError += (_, e) => s.Errors.Add(e);
            s.Page.Request += (_, r) => { if (!r.Url.StartsWith("file:", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) s.Network.Add(r.Url); };
            await s.Page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
            return s;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
