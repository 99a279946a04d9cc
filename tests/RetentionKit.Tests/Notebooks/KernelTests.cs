using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static RetentionKit.Tests.Notebooks.NotebookTestKit;

namespace RetentionKit.Tests.Notebooks;

/// <summary>
/// Every shipped notebook in the real .NET Interactive kernel (../shared/kernel), after the preparation step of
/// notebooks/README.md and nothing else: no cell fails, every output says what our runner's output for the same cell
/// says, and every chart cell gives plotly HTML.
/// </summary>
[Trait("Category", "Kernel")]
[Collection("Formatter")]
public class KernelTests(ITestOutputHelper log)
{
    public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var n in All) d.Add(n); return d; }

    internal static bool IsChart(JsonObject output) => output["data"]?["text/html"]?.ToString().Contains("class=\"rk-chart\"", StringComparison.Ordinal) == true;

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Notebook_RunsCleanInTheKernel_AndShowsWhatOurRunnerShows(string name)
    {
        KernelHost.Require();
        var kernel = KernelHost.Shipped(name);
        Assert.True(kernel.ExitCode == 0, $"a cell failed in the kernel:\n{kernel.Output}");
        var runner = Run(name);
        Assert.True(runner.Succeeded, runner.Error);
        int charts = 0, compared = 0;
        for (int i = 0; i < runner.Notebook.Cells.Count; i++)
        {
            if (runner.Notebook.Cells[i].Kind != "code") continue;
            var ours = runner.Notebook.Cells[i].Outputs.OfType<JsonObject>().ToList();
            var theirs = kernel.Outputs(i);
            Assert.DoesNotContain(theirs, o => o["output_type"]?.ToString() == "error");
            Assert.True(ours.Count == theirs.Count, $"{name}, cell {i}: the runner shows {ours.Count} outputs, the kernel {theirs.Count}");
            for (int k = 0; k < ours.Count; k++)
            {
                Assert.Equal(ours[k]["output_type"]?.ToString(), theirs[k]["output_type"]?.ToString());
                if (IsChart(ours[k]))
                {
                    Assert.True(IsChart(theirs[k]), $"{name}, cell {i}: the runner drew a chart, the kernel did not:\n{Text(theirs[k])}");
                    Assert.Contains("Plotly.newPlot", theirs[k]["data"]!["text/html"]!.ToString());
                    charts++;
                }
                else
                {
                    // The numbers a reader sees: the same text, cell by cell.
                    Assert.Equal(Text(ours[k]), Text(theirs[k]));
                    compared++;
                }
            }
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: kernel {kernel.Elapsed.TotalSeconds:0.0} s (process), our runner {Times.GetValueOrDefault(name).TotalSeconds:0.0} s; {charts} charts, {compared} outputs compared"));
        Assert.True(compared > 0);
        if (name is not "01-loading-transactions.ipynb") Assert.True(charts > 0, $"{name}: no chart drawn in the kernel");
    }

    /// <summary>What fails in the kernel fails in our runner, with the same reason.</summary>
    [SkippableTheory]
    [InlineData("#i \"nuget: ../artifacts/packages\"", "Invalid URI")] // the F# NuGet manager's new Uri(...) on a relative folder
    [InlineData("var m = new MemoryStream();", "CS0246")]             // the kernel does not import System.IO
    public void WhatFailsInTheKernel_FailsInOurRunner(string cell, string reason)
    {
        KernelHost.Require();
        var path = Write(("code", cell));
        var kernel = KernelHost.Run(path);
        Assert.Equal(1, kernel.ExitCode);
        Assert.Contains(reason, kernel.Output);
        var ours = RetentionKit.Notebooks.NotebookRunner.Run(path);
        Assert.False(ours.Succeeded);
        Assert.Contains(reason, ours.Error);
    }

    /// <summary>The framework a cell can use without #r is the kernel's: the same probes compile, the same one fails.</summary>
    [SkippableFact]
    public void FrameworkReferences_AreTheKernels()
    {
        KernelHost.Require();
        string[] probes =
        [
            "typeof(System.Text.Json.JsonSerializer).Name", "typeof(System.Net.Http.HttpClient).Name", "typeof(System.Text.RegularExpressions.Regex).Name",
            "typeof(System.Collections.Concurrent.ConcurrentBag<int>).Name", "typeof(System.Xml.Linq.XDocument).Name", "typeof(System.Data.DataTable).Name",
            "typeof(System.Numerics.BigInteger).Name", "typeof(System.Diagnostics.Process).Name", "typeof(System.IO.Compression.GZipStream).Name",
            "typeof(System.Security.Cryptography.SHA256).Name", "typeof(System.Threading.Channels.Channel).Name",
            "typeof(System.ComponentModel.DataAnnotations.RequiredAttribute).Name", // not in the kernel without #r
        ];
        foreach (var probe in probes)
        {
            var path = Write(("code", probe));
            bool kernelOk = KernelHost.Run(path).ExitCode == 0;
            bool oursOk = RetentionKit.Notebooks.NotebookRunner.Run(path).Succeeded;
            Assert.True(kernelOk == oursOk, $"{probe}: kernel {(kernelOk ? "compiles" : "fails")}, our runner {(oursOk ? "compiles" : "fails")}");
        }
    }

    /// <summary>
    /// A chart cell run twice in one kernel session (as when a user re-runs it): the notebook saved after that, with
    /// the setup cell's output and the re-run's, still draws the chart (see BrowserTests).
    /// </summary>
    internal static (string Setup, string Rerun) RerunChartCell()
    {
        EnsurePrepared();
        var setup = File.ReadAllText(Path.Combine(NotebooksDir, "03-retention-and-churn.ipynb"));
        var first = JsonNode.Parse(setup)!["cells"]!.AsArray().OfType<JsonObject>().First(c => c["cell_type"]!.ToString() == "code");
        var source = string.Concat(first["source"]!.AsArray().Select(x => x!.ToString()));
        const string chart = "RetentionKit.Charts.RetentionCharts.Nps(RetentionKit.Surveys.NetPromoterScore.Compute(new[] { 10, 9, 8, 3, 10 }))";
        // Written in notebooks/, so the setup cell's relative paths resolve as in the shipped notebooks.
        var path = Path.Combine(NotebooksDir, "output", "rerun-" + Guid.NewGuid().ToString("N")[..8] + ".ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Write(("code", source.Replace("../artifacts/", "../../artifacts/", StringComparison.Ordinal)), ("code", chart), ("code", chart));
        File.Move(temp, path);
        try
        {
            var kernel = KernelHost.Run(path);
            Assert.True(kernel.ExitCode == 0, kernel.Output);
            var setupHtml = kernel.Outputs(0).Single()["data"]!["text/html"]!.ToString();
            var rerun = kernel.Outputs(2).Single(IsChart)["data"]!["text/html"]!.ToString();
            Assert.True(rerun.Length < 100_000, "a re-run chart output must not need to carry plotly.js");
            return (setupHtml, rerun);
        }
        finally { File.Delete(path); }
    }
}
