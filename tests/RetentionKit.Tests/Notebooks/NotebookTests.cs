using System.Text.Json.Nodes;
using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Notebooks;
using RetentionKit.Periods;
using RetentionKit.Retention;
using static RetentionKit.Tests.Notebooks.NotebookTestKit;

namespace RetentionKit.Tests.Notebooks;

[Collection("Formatter")]
public class NotebookTests
{
    public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var n in All) d.Add(n); return d; }

    [Theory]
    [MemberData(nameof(Names))]
    public void Notebook_RunsWithoutError_AndIsValidNbformat(string name)
    {
        var run = Run(name);
        Assert.True(run.Succeeded, run.Error);
        Assert.Empty(NbformatProblems(run.Notebook.ToJson()));
        var nb = run.Notebook;
        Assert.Equal(".net-csharp", nb.Metadata["kernelspec"]?["name"]?.GetValue<string>());
        Assert.NotNull(nb.Metadata["polyglot_notebook"]);
        Assert.NotNull(nb.Metadata["language_info"]);
        Assert.All(nb.Cells.Where(c => c.Kind == "code"), c => Assert.Equal("csharp", c.Json["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()));
        // Each teaches in order: a definition, a formula, code, and pitfalls.
        var markdown = string.Join("\n", nb.Cells.Where(c => c.Kind == "markdown").Select(c => c.Source));
        Assert.Contains("In plain words", markdown);
        Assert.Contains("$$", markdown);
        Assert.Contains("## Pitfalls", markdown);
        // The setup cell as notebooks/README.md describes it: the built kit by relative path, and the setup as its output.
        var setup = nb.Cells.First(c => c.Kind == "code");
        Assert.Contains("#r \"../artifacts/kit/RetentionKit.Interactive.dll\"", setup.Source);
        Assert.EndsWith("RetentionKit.Interactive.RetentionFormatters.Register()", setup.Source.TrimEnd());
        Assert.Contains("plotly.js", setup.Outputs.OfType<JsonObject>().Single()["data"]!["text/html"]!.ToString());
    }

    [Fact]
    public void Retention_SeedExamplesAndRealData()
    {
        var outputs = PlainOutputs(Run("03-retention-and-churn.ipynb").Notebook);
        Assert.Contains("70.0 %", outputs);
        Assert.Contains("30.0 %", outputs);
        Assert.Contains("90.0 %", outputs);
        var history = OrderHistory.From(TransactionLoader.Load(ShippedData.Find(ShippedData.OnlineRetail)).Transactions);
        var expected = PeriodRetention.Compute(history, PeriodGrid.Create(PeriodLength.Quarter, new DateTime(2010, 12, 1), new DateTime(2011, 12, 10), observedFrom: new DateTime(2010, 12, 1)));
        Assert.Equal(new DateTime(2011, 3, 1), expected.Periods[0].Period.Start); // quarters from 1 December: no partly observed base
        Assert.Contains(expected.Periods[^1].Identities, outputs);
        Assert.Contains(outputs, o => o.Contains($"S={expected.Periods[0].S} E={expected.Periods[0].E} N={expected.Periods[0].N}", StringComparison.Ordinal));
    }

    [Fact]
    public void Clv_ShowsThePaperFit()
    {
        var outputs = PlainOutputs(Run("06-customer-lifetime-value.ipynb").Notebook);
        Assert.Contains(outputs, o => o.Contains("r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259", StringComparison.Ordinal));
        // The rest of the family, at the published values: Pareto/NBD on CDNOW, the sBG cohorts, BG/BB on the donations.
        Assert.Contains(outputs, o => o.Contains("r = 0.5533, α = 10.5777, s = 0.6062, β = 11.6687", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("α = 0.7041, β = 1.182", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("α = 0.6681, β = 3.8061", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("α = 1.2035, β = 0.7497, γ = 0.6567, δ = 2.7834", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("BG/NBD fits the calibration data better by 25.1 AIC points", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_IsDeterministic()
    {
        var path = Path.Combine(NotebooksDir, "04-revenue-retention.ipynb");
        var a = NotebookRunner.Run(path).Notebook.ToJson();
        var b = NotebookRunner.Run(path).Notebook.ToJson();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Html_RendersMarkdownMathCodeAndChartsOnce()
    {
        var html = NotebookHtml.Render(Run("02-purchase-cycle-and-period.ipynb").Notebook);
        Assert.Contains("<h1", html);
        Assert.Contains("class=\"math\"", html);
        Assert.Contains("PurchaseCycle.Measure", html);
        // plotly.js inline once: the page is one copy of it plus a little, not two.
        Assert.InRange(html.Length, RetentionKit.Charts.ChartHtml.PlotlyJs.Length, 2 * RetentionKit.Charts.ChartHtml.PlotlyJs.Length);
    }

    [Fact]
    public void FailingCell_StopsWithNotebookCellAndLine()
    {
        var path = Write(("code", "var x = 1;"), ("code", "var y = 2;\nthrow new InvalidOperationException(\"boom\");"), ("code", "var z = 3;"));
        var run = NotebookRunner.Run(path);
        Assert.False(run.Succeeded);
        Assert.Contains("test.ipynb, cell 2, line 2: InvalidOperationException: boom", run.Error);
        var err = run.Notebook.Cells[1].Outputs.OfType<JsonObject>().Single();
        Assert.Equal("error", err["output_type"]?.GetValue<string>());
        Assert.Empty(run.Notebook.Cells[2].Outputs); // not run
    }

    [Fact]
    public void CompileError_NamesTheLine()
    {
        var run = NotebookRunner.Run(Write(("code", "var a = 1;\nvar b = undefinedThing;")));
        Assert.Contains("cell 1, line 2: CS0103", run.Error);
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "unknown magic command '#!fsharp'")]
    [InlineData("#r \"nuget: RetentionKit, 9.9.9\"", "asks for RetentionKit 9.9.9, the runner has RetentionKit 0.1.0")]
    [InlineData("#r \"nuget: Newtonsoft.Json, 13.0.1\"", "package 'Newtonsoft.Json' is not one the runner was built with")]
    [InlineData("#r \"missing.dll\"", "no such file")]
    [InlineData("#i \"nuget: ../artifacts/packages\"", "Invalid URI")]                       // as the kernel (dotnet/interactive#3110)
    [InlineData("#r \"nuget: RetentionKit, 0.1.0\"", "nuget.org, which does not have RetentionKit")] // the kernel restores from nuget.org
    [InlineData("var m = new MemoryStream();", "CS0246")]                                      // the kernel does not import System.IO
    public void BadDirectives_AreClearErrors(string source, string expected)
    {
        var run = NotebookRunner.Run(Write(("code", source)));
        Assert.False(run.Succeeded);
        Assert.Contains(expected, run.Error);
        Assert.Contains("cell 1", run.Error);
    }

    [Fact]
    public void EmptyAndMarkdownOnlyNotebooks_RunToNothing()
    {
        var empty = NotebookRunner.Run(Write());
        Assert.True(empty.Succeeded);
        Assert.Equal(0, empty.CellsRun);
        var markdown = NotebookRunner.Run(Write(("markdown", "# Only words"), ("code", "   ")));
        Assert.True(markdown.Succeeded);
        Assert.Contains("<h1", NotebookHtml.Render(markdown.Notebook));
        Assert.Empty(NbformatProblems(markdown.Notebook.ToJson()));
    }

    [Fact]
    public void CellThatNeverEnds_TimesOut()
    {
        var run = NotebookRunner.Run(Write(("code", "System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);")), new RunOptions { CellTimeout = TimeSpan.FromSeconds(1) });
        Assert.False(run.Succeeded);
        Assert.Contains("did not finish within 1 s", run.Error);
    }

    [Fact]
    public void DisplayTrailingValueAndConsole_BecomeOutputs()
    {
        var run = NotebookRunner.Run(Write(("code", "display(41);\nConsole.WriteLine(\"hello\");\n40 + 2")));
        var outputs = run.Notebook.Cells[0].Outputs.OfType<JsonObject>().Select(o => o["output_type"]!.GetValue<string>()).ToList();
        Assert.Equal(["stream", "display_data", "execute_result"], outputs);
        Assert.Equal("42", Text(run.Notebook.Cells[0].Outputs[2]!.AsObject()));
        Assert.Equal(1, run.Notebook.Cells[0].Outputs[2]!["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void StateCarriesAcrossCells()
    {
        var run = NotebookRunner.Run(Write(("code", "var n = 20;"), ("code", "n * 2 + 2")));
        Assert.Equal("42", Text(run.Notebook.Cells[1].Outputs[0]!.AsObject()));
    }
}

[Collection("Formatter")]
public class NotebookCultureTests
{
    [Fact]
    public void Outputs_DoNotDependOnTheMachineCulture()
    {
        var old = System.Globalization.CultureInfo.DefaultThreadCurrentCulture;
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("da-DK");
        try
        {
            var caller = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("da-DK");
            try
            {
                var run = NotebookRunner.Run(NotebookTestKit.Write(("code", "1234.5.ToString()"), ("code", "1234.5")));
                Assert.Equal("1234.5", NotebookTestKit.Text(run.Notebook.Cells[0].Outputs[0]!.AsObject())); // formatted in the cell
                Assert.Equal("1234.5", NotebookTestKit.Text(run.Notebook.Cells[1].Outputs[0]!.AsObject())); // formatted by the runner
                Assert.Equal("da-DK", System.Globalization.CultureInfo.CurrentCulture.Name); // the caller's culture is back
            }
            finally { System.Globalization.CultureInfo.CurrentCulture = caller; }
        }
        finally { System.Globalization.CultureInfo.DefaultThreadCurrentCulture = old; }
    }
}
