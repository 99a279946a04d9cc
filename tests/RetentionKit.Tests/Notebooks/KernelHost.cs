using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RetentionKit.Tests.Notebooks;

/// <summary>
/// The real .NET Interactive C# kernel in ../shared/kernel (see its README): runs a notebook cell by cell and writes it
/// back with outputs. Each run gets a fresh NuGet packages folder, as a new user's machine would.
/// </summary>
internal static class KernelHost
{
    public static string RunScript => Path.GetFullPath(Path.Combine(TestData.Root, "..", "shared", "kernel", "run"));

    /// <summary>Skips (with the reason) only where ../shared/kernel is missing and this is not CI; CI has it and never skips.</summary>
    public static void Require() =>
        Skip.IfNot(File.Exists(RunScript) || Environment.GetEnvironmentVariable("CI") == "true",
            $"the .NET Interactive kernel is not at {RunScript}; the kernel tests are skipped.");

    public sealed record Result(int ExitCode, string Output, JsonObject Notebook, TimeSpan Elapsed)
    {
        public JsonArray Cells => Notebook["cells"]!.AsArray();

        /// <summary>The outputs of code cell <paramref name="index"/> (an index into all cells).</summary>
        public List<JsonObject> Outputs(int index) => Cells[index]!["outputs"]!.AsArray().OfType<JsonObject>().ToList();
    }

    private static readonly Dictionary<string, Result> Cache = new();

    /// <summary>The shipped notebook run once per test run in the kernel (shared by the kernel and browser tests).</summary>
    public static Result Shipped(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var r))
            {
                NotebookTestKit.EnsurePrepared();
                Cache[name] = r = Run(Path.Combine(NotebookTestKit.NotebooksDir, name));
            }
            return r;
        }
    }

    public static Result Run(string notebook)
    {
        var dir = Directory.CreateTempSubdirectory("kernel-").FullName;
        var output = Path.Combine(dir, Path.GetFileName(notebook));
        var clock = Stopwatch.StartNew();
        var (code, printed) = Processes.Run("bash", [RunScript, notebook, output], TestData.Root, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "nuget-packages") });
        clock.Stop();
        Assert.True(File.Exists(output), $"the kernel wrote no notebook ({code}):\n{printed}");
        return new Result(code, printed, JsonNode.Parse(File.ReadAllText(output))!.AsObject(), clock.Elapsed);
    }
}
