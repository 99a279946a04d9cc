using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.Scripting;
using RetentionKit.Notebooks;
using static RetentionKit.Tests.Notebooks.NotebookTestKit;

namespace RetentionKit.Tests.Notebooks;

/// <summary>
/// The runner starts a fresh compilation chain every <see cref="ScriptSession.CellsPerChain"/> cells, so that memory
/// stays proportional to the notebook. A cell after the switch must mean what it means in one long chain (the kernel).
/// </summary>
[Collection("Formatter")]
public class ChainTests
{
    private static readonly string[] Filler = Enumerable.Range(0, ScriptSession.CellsPerChain).Select(i => $"var filler{i} = {i};").ToArray();

    /// <summary>Runs cells as the runner does (one file name per cell) and returns each cell's value.</summary>
    private static (ScriptSession Session, List<object?> Values) Cells(IEnumerable<string> cells)
    {
        var session = new ScriptSession(new NotebookGlobals());
        var options = NotebookRunner.SessionOptions(Path.GetTempPath());
        var values = new List<object?>();
        int n = 0;
        foreach (var c in cells) values.Add(session.Run(c, options.WithFilePath($"t#cell{++n}")).ReturnValue);
        return (session, values);
    }

    private static string[] Cat(params object[] parts) => parts.SelectMany(p => p is string s ? [s] : (string[])p).ToArray();

    [Fact]
    public void AVariableAfterTheSwitch_IsTheVariableItself_ForOldClosuresOutArgumentsAndWrites()
    {
        var (session, values) = Cells(Cat(
            "var threshold = 3;",
            "Func<int, bool> over = v => v > threshold;",
            Filler,
            "threshold = 10;",
            "over(5)",
            "int.TryParse(\"2\", out threshold);",
            "over(5)",
            "threshold++;",
            Filler,
            "(threshold, over(4))"));
        Assert.True(session.Rebases >= 2, $"rebases: {session.Rebases}, kept: {session.ChainKept}");
        Assert.Equal(false, values[3 + Filler.Length]);
        Assert.Equal(true, values[5 + Filler.Length]);
        Assert.Equal((3, true), values[^1]);
    }

    [Fact]
    public void DeclarationsUsingsAndTypes_KeepTheirMeaningAfterTheSwitch()
    {
        var (session, values) = Cells(Cat(
            "using System.Globalization;\nusing M = System.Math;",
            "var t = (share: 0.25, label: \"q1\");",
            "dynamic d = 40;",
            "const int Cycle = 4;\nconst decimal Fee = 1.5m;\nconst string Name = \"a\\\"b\";\nconst double Nothing = double.NaN;",
            "int Twice(int v) => v * 2 + Cycle;\nint Twice(string v) => v.Length;",
            "int Shown => Twice(1);",
            "var x = 1;",
            "var x = \"shadowed\";",
            "var items = new List<(string Id, decimal Spend)> { (\"c1\", 12.5m) };",
            "int[] counts = { 1, 2 };",
            Filler,
            "t.share.ToString(CultureInfo.InvariantCulture) + t.label",
            "d + 2",
            "4 switch { Cycle => \"cycle\", _ => \"other\" }",
            "Fee + Name.Length + (double.IsNaN(Nothing) ? 1 : 0)",
            "Twice(3) + Twice(\"ab\") + Shown",
            "x.Length",
            "items[0].Spend + counts.Sum()",
            "M.Max(1, 2)"));
        Assert.True(session.Rebases >= 1, $"rebases: {session.Rebases}, kept: {session.ChainKept}");
        int at = 10 + Filler.Length;
        Assert.Equal("0.25q1", values[at]);
        Assert.Equal(42, values[at + 1]);
        Assert.Equal("cycle", values[at + 2]);
        Assert.Equal(5.5m, values[at + 3]);
        Assert.Equal(10 + 2 + 6, values[at + 4]);
        Assert.Equal(8, values[at + 5]);
        Assert.Equal(15.5m, values[at + 6]);
        Assert.Equal(2, values[at + 7]);
    }

    [Fact]
    public void AMethodCarriedOver_StillNamesItsOwnCellAndLine_WhenItFails()
    {
        var cells = Cat("int Ratio(int a, int b)\n{\n    return a / b;\n}", Filler, "Ratio(1, 0)");
        var path = Write(cells.Select(c => ("code", c)).ToArray());
        var run = NotebookRunner.Run(path);
        Assert.False(run.Succeeded);
        Assert.Contains($"cell {cells.Length}, line 3: DivideByZeroException", run.Error);
    }

    [Fact]
    public void ATypeDeclaredInACell_KeepsOneChain_AndSaysWhy()
    {
        var (session, values) = Cells(Cat("record Order(string Id, decimal Amount);", "var o = new Order(\"a\", 2m);", Filler, Filler, "o.Amount"));
        Assert.Equal(0, session.Rebases);
        Assert.Contains("type Order", session.ChainKept);
        Assert.Equal(2m, values[^1]);
    }

    [Fact]
    public void AnAnonymousValue_WaitsForTheSwitch_UntilALaterCellHidesIt()
    {
        var (session, values) = Cells(Cat("var a = new { X = 1 };", Filler, "a.X", "var a = 2;", Filler, "a"));
        Assert.Null(session.ChainKept);
        Assert.Equal(1, values[1 + Filler.Length]);
        Assert.True(session.Rebases >= 1);
        Assert.Equal(2, values[^1]);
    }

    [Fact]
    public void AnAutoProperty_KeepsOneChain()
    {
        var (session, values) = Cells(Cat("int Count { get; set; } = 3;", Filler, "Count += 1;", "Count"));
        Assert.Equal(0, session.Rebases);
        Assert.Contains("Count", session.ChainKept);
        Assert.Equal(4, values[^1]);
    }

    /// <summary>The point of the switch: earlier compilations are released, not kept for the rest of the run.</summary>
    [Fact]
    public void EarlierCompilations_AreReleased()
    {
        var session = new ScriptSession(new NotebookGlobals());
        var options = NotebookRunner.SessionOptions(Path.GetTempPath());
        var first = FirstCompilation(session, options);
        foreach (var c in Filler.Concat(Filler)) session.Run(c, options);
        Assert.True(session.Rebases >= 2);
        for (int i = 0; i < 3 && first.IsAlive; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        Assert.False(first.IsAlive, "the first cell's compilation is still reachable after two fresh chains");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference FirstCompilation(ScriptSession session, ScriptOptions options) =>
        new(session.Run("var kept = new int[1000];", options).Script.GetCompilation());

    /// <summary>The same long notebook in the kernel (one chain) and in our runner (fresh chains): the same outputs.</summary>
    [SkippableFact]
    [Trait("Category", "Kernel")]
    public void ALongNotebook_ShowsWhatTheKernelShows()
    {
        KernelHost.Require();
        var cells = Cat(
            "var threshold = 3;\nFunc<int, bool> over = v => v > threshold;\nint Twice(int v) => v * 2;\nvar t = (share: 0.5, label: \"x\");",
            Filler, "threshold = 10;", "$\"{over(5)} {Twice(threshold)} {t.label}\"", Filler, "int.TryParse(\"1\", out threshold);", "$\"{over(5)} {threshold}\"");
        var path = Write(cells.Select(c => ("code", c)).ToArray());
        var kernel = KernelHost.Run(path);
        Assert.True(kernel.ExitCode == 0, kernel.Output);
        var ours = NotebookRunner.Run(path);
        Assert.True(ours.Succeeded, ours.Error);
        var code = ours.Notebook.Cells.Select((c, i) => (c, i)).Where(x => x.c.Kind == "code").ToList();
        int compared = 0;
        foreach (var (cell, i) in code)
        {
            var theirs = kernel.Outputs(i).Select(Text).ToList();
            var mine = cell.Outputs.OfType<JsonObject>().Select(Text).ToList();
            Assert.Equal(theirs, mine);
            compared += mine.Count;
        }
        Assert.Equal(["False 20 x", "True 1"], code.SelectMany(x => x.c.Outputs.OfType<JsonObject>()).Select(Text).ToList());
        Assert.Equal(2, compared);
    }
}
