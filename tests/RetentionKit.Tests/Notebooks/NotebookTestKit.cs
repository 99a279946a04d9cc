using System.Text.Json.Nodes;
using RetentionKit.Notebooks;

namespace RetentionKit.Tests.Notebooks;

/// <summary>Runs each shipped notebook once per test run and shares the result (they take a few seconds each).</summary>
internal static class NotebookTestKit
{
    private static readonly Dictionary<string, NotebookRun> Runs = new();
    private static readonly object Gate = new();

    /// <summary>How long our runner took for each shipped notebook it ran.</summary>
    public static Dictionary<string, TimeSpan> Times { get; } = new();

    public static string NotebooksDir => Path.Combine(TestData.Root, "notebooks");

    public static IEnumerable<string> All => Directory.GetFiles(NotebooksDir, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static NotebookRun Run(string name)
    {
        lock (Gate)
        {
            EnsurePrepared();
            if (!Runs.TryGetValue(name, out var run))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Runs[name] = run = NotebookRunner.Run(Path.Combine(NotebooksDir, name));
                Times[name] = clock.Elapsed;
            }
            return run;
        }
    }

    private static bool _prepared;

    /// <summary>Runs a Release build step of the test run (pack, publish) alone: two at once race on the same obj folders.</summary>
    public static T ReleaseBuild<T>(Func<T> step) { lock (Gate) return step(); }

    /// <summary>
    /// The preparation step of notebooks/README.md, exactly as written, once per test run: the notebooks' first cell
    /// references the kit built into artifacts/kit, in the kernel and in our runner alike.
    /// </summary>
    public static void EnsurePrepared()
    {
        lock (Gate)
        {
            if (_prepared) return;
            var (code, output) = Processes.Run("dotnet", ["publish", "src/RetentionKit.Interactive", "-c", "Release", "-o", "artifacts/kit", "-nodeReuse:false"], TestData.Root, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "the preparation step failed:\n" + output);
            _prepared = true;
        }
    }

    /// <summary>The text of every output of the notebook, in order (see <see cref="Text"/>).</summary>
    public static List<string> PlainOutputs(Notebook nb) => nb.Cells.Where(c => c.Kind == "code").SelectMany(c => c.Outputs.OfType<JsonObject>()).Select(Text).ToList();

    /// <summary>
    /// What an output says: its text/plain (strings, streams, errors), else the text of its HTML with tags removed and
    /// entities decoded, the way a reader sees it (as in the kernel, objects come as HTML only).
    /// </summary>
    public static string Text(JsonObject o)
    {
        if (o["data"]?["text/plain"] is { } plain) return plain.ToString();
        if (o["data"]?["text/html"] is { } html)
            return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Replace(html.ToString(), "<(script|style)[^>]*>.*?</\\1>", "", System.Text.RegularExpressions.RegexOptions.Singleline), "<[^>]+>", "")).Trim();
        return o["text"]?.ToString() ?? o["evalue"]?.ToString() ?? "";
    }

    /// <summary>Writes a notebook with the given cells (code cells are C#) to a temp file.</summary>
    public static string Write(params (string Kind, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (kind, source) in cells)
        {
            var c = new JsonObject { ["cell_type"] = kind, ["metadata"] = new JsonObject(), ["source"] = source };
            if (kind == "code") { c["outputs"] = new JsonArray(); c["execution_count"] = null; c["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } }; }
            array.Add(c);
        }
        var nb = new JsonObject { ["cells"] = array, ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp" } }, ["nbformat"] = 4, ["nbformat_minor"] = 2 };
        var path = Path.Combine(Directory.CreateTempSubdirectory("nb-").FullName, "test.ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    /// <summary>Explicit nbformat 4 checks: required keys, output types and their fields.</summary>
    public static List<string> NbformatProblems(string json)
    {
        var problems = new List<string>();
        var root = JsonNode.Parse(json)!.AsObject();
        if (root["nbformat"]?.GetValue<int>() != 4) problems.Add("nbformat is not 4");
        if (root["nbformat_minor"] is null) problems.Add("no nbformat_minor");
        if (root["metadata"] is not JsonObject) problems.Add("no metadata object");
        if (root["cells"] is not JsonArray cells) { problems.Add("no cells array"); return problems; }
        int i = 0;
        foreach (var cell in cells.OfType<JsonObject>())
        {
            i++;
            string type = cell["cell_type"]?.GetValue<string>() ?? "";
            if (type is not ("code" or "markdown" or "raw")) problems.Add($"cell {i}: cell_type '{type}'");
            if (cell["metadata"] is not JsonObject) problems.Add($"cell {i}: no metadata");
            if (cell["source"] is not (JsonArray or JsonValue)) problems.Add($"cell {i}: no source");
            if (type != "code") continue;
            if (!cell.ContainsKey("execution_count")) problems.Add($"cell {i}: no execution_count");
            if (cell["outputs"] is not JsonArray outputs) { problems.Add($"cell {i}: no outputs"); continue; }
            foreach (var o in outputs.OfType<JsonObject>())
            {
                switch (o["output_type"]?.GetValue<string>())
                {
                    case "execute_result":
                        if (o["execution_count"] is null) problems.Add($"cell {i}: execute_result without execution_count");
                        goto case "display_data";
                    case "display_data":
                        if (o["data"] is not JsonObject data || data.Count == 0) problems.Add($"cell {i}: output without data");
                        if (o["metadata"] is not JsonObject) problems.Add($"cell {i}: output without metadata");
                        break;
                    case "stream":
                        if (o["name"]?.GetValue<string>() is not ("stdout" or "stderr")) problems.Add($"cell {i}: stream name");
                        if (o["text"] is null) problems.Add($"cell {i}: stream without text");
                        break;
                    case "error":
                        if (o["ename"] is null || o["evalue"] is null || o["traceback"] is not JsonArray) problems.Add($"cell {i}: incomplete error");
                        break;
                    default: problems.Add($"cell {i}: output_type '{o["output_type"]}'"); break;
                }
            }
        }
        return problems;
    }
}
