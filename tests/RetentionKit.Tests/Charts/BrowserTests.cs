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
        int charts = await page.Locator("div.rk-chart").CountAsync();
        Assert.Equal(2, charts);
        for (int i = 0; i < charts; i++)
        {
            var chart = page.Locator("div.rk-chart").Nth(i);
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

        int charts = await page.Locator("div.rk-chart").CountAsync();
        Assert.True(charts >= 18, $"only {charts} charts");
        for (int i = 0; i < charts; i++)
        {
            var chart = page.Locator("div.rk-chart").Nth(i);
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

    public static TheoryData<string> ShippedNotebooks() { var d = new TheoryData<string>(); foreach (var n in RetentionKit.Tests.Notebooks.NotebookTestKit.All) d.Add(n); return d; }

    /// <summary>
    /// Every formula of a notebook's markdown renders as KaTeX in its HTML page, offline: no TeX source is left in the
    /// text a reader sees, and no formula failed to parse.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(ShippedNotebooks))]
    public async Task NotebookHtml_RendersEveryFormula(string name)
    {
        RequireChromium();
        var run = RetentionKit.Tests.Notebooks.NotebookTestKit.Run(name);
        Assert.True(run.Succeeded, run.Error);
        var path = Path.Combine(Directory.CreateTempSubdirectory("nb-math-").FullName, Path.ChangeExtension(name, ".html"));
        File.WriteAllText(path, RetentionKit.Notebooks.NotebookHtml.Render(run.Notebook));
        await using var session = await OfflinePage.OpenAsync(path);
        int formulas = await AssertFormulasRendered(session, name);
        int expected = run.Notebook.Cells.Where(c => c.Kind == "markdown").Sum(c => MathSpans(c.Source));
        Assert.True(formulas == expected, $"{name}: {formulas} formulas rendered, the markdown has {expected}");
        Assert.True(formulas > 0, $"{name}: no formula rendered");
    }

    [SkippableFact]
    public async Task Report_RendersItsFormulas()
    {
        RequireChromium();
        var html = WriteReport(Directory.CreateTempSubdirectory("report-math-").FullName);
        await using var session = await OfflinePage.OpenAsync(html);
        int formulas = await AssertFormulasRendered(session, "report");
        Assert.True(formulas >= 8, $"the report renders only {formulas} formulas");
    }

    /// <summary>Formulas in markdown: $…$ and $$…$$ outside code, counted as Markdig reads them (a $$ block is one).</summary>
    private static int MathSpans(string markdown)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(markdown, "```[\\s\\S]*?```|`[^`\n]*`", "");
        text = System.Text.RegularExpressions.Regex.Replace(text, "\\$\\$[\\s\\S]+?\\$\\$", "\u0001");
        return text.Count(c => c == '\u0001') + System.Text.RegularExpressions.Regex.Matches(text, "\\$[^$\n]+?\\$").Count;
    }

    private static async Task<int> AssertFormulasRendered(OfflinePage session, string what)
    {
        var page = session.Page;
        int math = await page.Locator(".math").CountAsync();
        int rendered = await page.Locator(".math .katex").CountAsync();
        Assert.True(math == rendered, $"{what}: {rendered} of {math} formulas rendered by KaTeX");
        Assert.Equal(0, await page.Locator(".katex-error").CountAsync());
        // What the reader sees: the page's text without the MathML copies KaTeX keeps for screen readers.
        var visible = await page.EvaluateAsync<string>("() => { const b = document.body.cloneNode(true); b.querySelectorAll('.katex-mathml, script, style, pre, code').forEach(e => e.remove()); return b.innerText; }");
        foreach (var tex in new[] { "\\frac", "\\text{", "\\mathrm", "\\sum", "$$", "\\(", "\\[" })
            Assert.False(visible.Contains(tex, StringComparison.Ordinal), $"{what}: raw TeX '{tex}' in the page: …{Around(visible, tex)}…");
        Assert.Empty(session.Errors);
        Assert.Empty(session.Network);
        return rendered;
    }

    private static string Around(string text, string what)
    {
        int i = text.IndexOf(what, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, i - 60), Math.Min(text.Length - Math.Max(0, i - 60), 140));
    }

    public static TheoryData<string, bool> KernelNotebooksWithAndWithoutRequireJs()
    {
        var d = new TheoryData<string, bool>();
        foreach (var n in RetentionKit.Tests.Notebooks.NotebookTestKit.All.Where(n => n != "01-loading-transactions.ipynb")) { d.Add(n, true); d.Add(n, false); }
        return d;
    }

    /// <summary>
    /// The outputs of a kernel-executed notebook, inserted into a page one by one as notebook front ends do (HTML set,
    /// then each script re-created so it runs), on a page that has loaded require.js (VS Code's notebook view, classic
    /// Jupyter) and on one that has not: every chart draws, offline, with a clean console.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(KernelNotebooksWithAndWithoutRequireJs))]
    public async Task KernelOutputs_DrawEveryChart_WithAndWithoutRequireJs(string notebook, bool requireJs)
    {
        RequireChromium();
        RetentionKit.Tests.Notebooks.KernelHost.Require();
        var kernel = RetentionKit.Tests.Notebooks.KernelHost.Shipped(notebook);
        Assert.True(kernel.ExitCode == 0, kernel.Output);
        var outputs = kernel.Cells.OfType<System.Text.Json.Nodes.JsonObject>().Where(c => c["cell_type"]?.ToString() == "code")
            .SelectMany(c => c["outputs"]!.AsArray().OfType<System.Text.Json.Nodes.JsonObject>())
            .Select(o => o["data"]?["text/html"]?.ToString() ?? System.Net.WebUtility.HtmlEncode(o["data"]?["text/plain"]?.ToString() ?? o["text"]?.ToString() ?? "")).ToList();
        int expected = outputs.Count(o => o.Contains("class=\"rk-chart\"", StringComparison.Ordinal));
        Assert.True(expected > 0);
        await AssertOutputsDraw(outputs, requireJs, expected, $"{notebook} ({(requireJs ? "with" : "without")} require.js)");
    }

    /// <summary>A chart cell re-run in one kernel session; the notebook as saved after that (setup output + the re-run's) still draws.</summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RerunChartCell_SavedNotebookStillDraws(bool requireJs)
    {
        RequireChromium();
        RetentionKit.Tests.Notebooks.KernelHost.Require();
        var (setup, rerun) = RetentionKit.Tests.Notebooks.KernelTests.RerunChartCell();
        await AssertOutputsDraw([setup, rerun], requireJs, 1, "re-run chart cell");
    }

    /// <summary>Without the setup cell's output (plotly.js), a chart says in one line what to do instead of failing.</summary>
    [SkippableFact]
    public async Task ChartWithoutSetupOutput_SaysWhy()
    {
        RequireChromium();
        var chart = RetentionKit.Charts.RetentionCharts.Nps(RetentionKit.Surveys.NetPromoterScore.Compute([10, 0, 8])).ToHtml();
        await using var session = await OfflinePage.OpenHtmlAsync(OutputsPage([chart], requireJs: false));
        await session.Page.WaitForFunctionAsync("() => document.querySelector('div.rk-chart').textContent.length > 0", null, new() { Timeout = 15_000 });
        Assert.Contains("run that cell", await session.Page.InnerTextAsync("div.rk-chart"));
        Assert.Empty(session.Errors);
    }

    private static async Task AssertOutputsDraw(IReadOnlyList<string> outputs, bool requireJs, int expected, string what)
    {
        await using var session = await OfflinePage.OpenHtmlAsync(OutputsPage(outputs, requireJs));
        var page = session.Page;
        if (requireJs) Assert.True(await page.EvaluateAsync<bool>("() => typeof window.define === 'function' && !!window.define.amd"), "require.js is not on the page");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('div.rk-chart .main-svg').length > 0 && document.querySelectorAll('div.rk-chart').length === {expected} && [...document.querySelectorAll('div.rk-chart')].every(d => d.querySelector('.main-svg'))",
            null, new() { Timeout = 60_000 });
        for (int i = 0; i < expected; i++)
        {
            var chart = page.Locator("div.rk-chart").Nth(i);
            int traces = await chart.Locator("g.trace, g.hm, g.heatmaplayer image, .barlayer .point, g.slice").CountAsync();
            Assert.True(traces > 0, $"{what}: chart {i + 1} has no data drawn");
        }
        Assert.True(session.Errors.Count == 0, $"{what}: console errors: {string.Join(" | ", session.Errors)}");
        Assert.Empty(session.Network);
    }

    /// <summary>A page that inserts each output as a notebook front end does: set the HTML, then re-create its scripts so they run.</summary>
    private static string OutputsPage(IReadOnlyList<string> outputs, bool requireJs)
    {
        var require = requireJs ? "<script>" + File.ReadAllText(Path.Combine(TestData.Root, "tests", "RetentionKit.Tests", "Assets", "require-2.3.8.js")) + "</script>" : "";
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + require + "</head><body><div id=\"cells\"></div><script>\n" +
            "const outputs = " + System.Text.Json.JsonSerializer.Serialize(outputs) + ";\n" +
            "for (const html of outputs) { const div = document.createElement('div'); div.className = 'output'; div.innerHTML = html; document.getElementById('cells').appendChild(div);\n" +
            "  for (const old of [...div.querySelectorAll('script')]) { const s = document.createElement('script'); s.text = old.text; old.replaceWith(s); } }\n" +
            "</script></body></html>";
    }

    /// <summary>A file opened in headless chromium, recording console errors and every request that leaves the disk.</summary>
    private sealed class OfflinePage : IAsyncDisposable
    {
        private IPlaywright _playwright = null!;
        private IBrowser _browser = null!;
        public IPage Page { get; private set; } = null!;
        public List<string> Errors { get; } = new();
        public List<string> Network { get; } = new();

        public static Task<OfflinePage> OpenHtmlAsync(string html)
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("page-").FullName, "page.html");
            File.WriteAllText(file, html);
            return OpenAsync(file);
        }

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
