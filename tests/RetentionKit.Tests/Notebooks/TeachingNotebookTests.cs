using System.Text.Json.Nodes;
using RetentionKit.Notebooks;
using RetentionKit.Teaching;
using Xunit.Abstractions;
using static RetentionKit.Tests.Notebooks.NotebookTestKit;

namespace RetentionKit.Tests.Notebooks;

/// <summary>
/// What makes the notebooks teach: a parameters cell every later cell reads (so another file is one edit, tested with
/// CDNOW), a worked example, exercises with checks, and solutions that CI runs, in our runner and in the kernel.
/// </summary>
[Collection("Formatter")]
public class TeachingNotebookTests(ITestOutputHelper log)
{
    private const string ParametersMarker = "// ── Parameters: edit here";

    public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var n in All) d.Add(n); return d; }

    public static IEnumerable<string> Solutions => Directory.GetFiles(Path.Combine(NotebooksDir, "solutions"), "*.ipynb").Order(StringComparer.Ordinal);

    public static TheoryData<string> SolutionNames() { var d = new TheoryData<string>(); foreach (var n in Solutions) d.Add(Path.GetFileName(n)); return d; }

    private static IEnumerable<string> ExercisesIn(Notebook nb) =>
        nb.Cells.Where(c => c.Kind == "code").SelectMany(c => System.Text.RegularExpressions.Regex.Matches(c.Source, "Exercise\\.Check\\(\"([^\"]+)\"").Select(m => m.Groups[1].Value));

    [Theory]
    [MemberData(nameof(Names))]
    public void Notebook_HasAParametersCell_AWorkedExample_AndTwoCheckedExercises(string name)
    {
        var nb = Notebook.Load(Path.Combine(NotebooksDir, name));
        var code = nb.Cells.Where(c => c.Kind == "code").ToList();
        Assert.Contains("RetentionFormatters.Register()", code[0].Source);
        Assert.StartsWith(ParametersMarker, code[1].Source.TrimStart());
        // Nothing after the parameters cell loads the shipped file again or hard-codes the window.
        foreach (var c in code.Skip(2))
        {
            Assert.DoesNotContain("ShippedData.Find(ShippedData.OnlineRetail)).Transactions", c.Source);
            Assert.DoesNotContain("new DateTime(2010, 12, 1)", c.Source);
        }
        Assert.Contains(nb.Cells, c => c.Kind == "markdown" && System.Text.RegularExpressions.Regex.IsMatch(c.Source, "^## (A worked example|Worked by hand|The worked example)", System.Text.RegularExpressions.RegexOptions.Multiline));
        var exercises = ExercisesIn(nb).ToList();
        Assert.True(exercises.Count >= 2, $"{name}: {exercises.Count} exercises");
        Assert.All(exercises, e => Assert.Contains(e, Exercise.Names));
        // As shipped, the exercises are not answered: each check says so, and the run is clean.
        var run = Run(name);
        Assert.True(run.Succeeded, run.Error);
        var verdicts = run.Notebook.Cells.Where(c => c.Kind == "code" && c.Source.Contains("Exercise.Check(", StringComparison.Ordinal))
            .SelectMany(c => c.Outputs.OfType<JsonObject>()).Select(Text).ToList();
        Assert.Equal(exercises.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.StartsWith("… Not answered", v));
    }

    [Fact]
    public void EveryExercise_IsInANotebook_AndHasASolution()
    {
        var inNotebooks = All.SelectMany(n => ExercisesIn(Notebook.Load(Path.Combine(NotebooksDir, n)))).Order(StringComparer.Ordinal).ToList();
        var inSolutions = Solutions.SelectMany(s => ExercisesIn(Notebook.Load(s))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Exercise.Names, inNotebooks);
        Assert.Equal(Exercise.Names, inSolutions);
    }

    [Theory]
    [MemberData(nameof(SolutionNames))]
    public void Solutions_AreAllRight_InOurRunner(string name)
    {
        EnsurePrepared();
        var run = NotebookRunner.Run(Path.Combine(NotebooksDir, "solutions", name));
        Assert.True(run.Succeeded, run.Error);
        AssertAllRight(name, run.Notebook.Cells.Where(c => c.Kind == "code").SelectMany(c => c.Outputs.OfType<JsonObject>()).Select(Text).ToList());
    }

    [SkippableTheory]
    [Trait("Category", "Kernel")]
    [MemberData(nameof(SolutionNames))]
    public void Solutions_AreAllRight_InTheKernel(string name)
    {
        KernelHost.Require();
        EnsurePrepared();
        var kernel = KernelHost.Run(Path.Combine(NotebooksDir, "solutions", name));
        Assert.True(kernel.ExitCode == 0, kernel.Output);
        var cells = kernel.Notebook["cells"]!.AsArray().OfType<JsonObject>().ToList();
        AssertAllRight(name, cells.SelectMany(c => (c["outputs"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(Text).ToList());
    }

    private static void AssertAllRight(string name, List<string> outputs)
    {
        var verdicts = outputs.Where(t => t.Contains("(0", StringComparison.Ordinal) && (t.Contains("Right", StringComparison.Ordinal) || t.Contains("Not", StringComparison.Ordinal))).ToList();
        Assert.True(verdicts.Count >= 2, $"{name}: {verdicts.Count} verdicts:\n{string.Join("\n", outputs)}");
        Assert.All(verdicts, v => Assert.StartsWith("✔ Right", v));
    }

    /// <summary>
    /// Pointing a notebook at another file is one edit: with its parameters cell replaced by one that loads the CDNOW
    /// master file (another layout, no products, no returns), every notebook runs clean.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Notebook_RunsOnCdnow_WithOnlyTheParametersCellChanged(string name)
    {
        EnsurePrepared();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(NotebooksDir, name)))!.AsObject();
        int replaced = 0;
        foreach (var cell in json["cells"]!.AsArray().OfType<JsonObject>())
        {
            var source = string.Concat((cell["source"] as JsonArray)?.Select(s => s!.ToString()) ?? [cell["source"]!.ToString()]);
            if (source.Contains("../artifacts/", StringComparison.Ordinal)) cell["source"] = source.Replace("../artifacts/", "../../artifacts/", StringComparison.Ordinal);
            if (!source.TrimStart().StartsWith(ParametersMarker, StringComparison.Ordinal)) continue;
            cell["source"] = """
                // ── Parameters: edit here ── (CDNOW, written by the test)
                using RetentionKit;
                using RetentionKit.Data;
                using RetentionKit.Metrics;
                using RetentionKit.Periods;
                var file = ShippedData.Find(ShippedData.CdnowMaster);
                var reading = LoadOptions.Cdnow;
                var choices = new SuiteOptions();
                var data = Analysis.Load(file, reading, choices);
                data
                """;
            replaced++;
        }
        Assert.Equal(1, replaced);
        // Written in notebooks/output/, so the notebook's relative paths resolve one folder deeper.
        var dir = Path.Combine(NotebooksDir, "output");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "cdnow-" + Guid.NewGuid().ToString("N")[..8] + "-" + name);
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            var run = NotebookRunner.Run(path);
            Assert.True(run.Succeeded, $"{name} on CDNOW: {run.Error}");
            var summary = run.Notebook.Cells.Where(c => c.Kind == "code").ElementAt(1).Outputs.OfType<JsonObject>().Select(Text).Single();
            Assert.Contains("CDNOW_master.txt", summary);
            log.WriteLine($"{name} on CDNOW: {summary.Split('\n')[0]}");
        }
        finally { File.Delete(path); }
    }
}
