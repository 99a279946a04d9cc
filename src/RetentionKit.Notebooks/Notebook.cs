using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetentionKit.Notebooks;

/// <summary>A cell of an .ipynb: its kind, source, and (for code) outputs and execution count.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json) { Json = json; }
    internal JsonObject Json { get; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string Kind => Json["cell_type"]?.GetValue<string>() ?? "raw";
    /// <summary>The cell's text (nbformat allows a string or a list of lines).</summary>
    public string Source => Json["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };
    /// <summary>The cell language from the Polyglot metadata (C# when absent).</summary>
    public string Language => Json["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
        ?? Json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? "csharp";
    /// <summary>Outputs of a code cell (empty for others).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? [];
    internal void SetOutputs(JsonArray outputs, int? executionCount)
    {
        Json["outputs"] = outputs;
        Json["execution_count"] = executionCount is null ? null : JsonValue.Create(executionCount.Value);
    }
}

/// <summary>An .ipynb notebook (nbformat 4), read and written with System.Text.Json, keeping unknown metadata.</summary>
public sealed class Notebook
{
    private readonly JsonObject _json;

    private Notebook(JsonObject json, string name)
    {
        _json = json; Name = name;
        Cells = (json["cells"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new NotebookCell(c)).ToList();
    }

    /// <summary>File name, used in messages.</summary>
    public string Name { get; }
    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }
    /// <summary>The notebook metadata.</summary>
    public JsonObject Metadata => _json["metadata"] as JsonObject ?? [];

    /// <summary>Reads a notebook.</summary>
    /// <exception cref="NotebookException">Not JSON, or not nbformat 4.</exception>
    public static Notebook Load(string path)
    {
        string name = Path.GetFileName(path);
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new NotebookException($"{name}: cannot be read ({e.Message})."); }
        if (string.IsNullOrWhiteSpace(text)) throw new NotebookException($"{name} is empty; expected an nbformat 4 notebook (JSON with \"cells\").");
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException e) { throw new NotebookException($"{name} is not valid notebook JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine}: {e.Message.Split(" LineNumber:")[0]})."); }
        if (node is not JsonObject obj)
            throw new NotebookException($"{name} is not an nbformat 4 notebook: expected a JSON object with \"cells\", found {(node is JsonArray ? "an array" : "a single value")}.");
        if (obj["nbformat"] is { } format && (format is not JsonValue fv || !fv.TryGetValue(out int v)))
            throw new NotebookException($"{name}: \"nbformat\" must be the number 4, found {Echo(format)}.");
        else if (obj["nbformat"] is JsonValue nv && nv.GetValue<int>() != 4)
            throw new NotebookException($"{name} is nbformat {nv.GetValue<int>()}; the runner reads nbformat 4 (open and save it in Jupyter to convert it).");
        if (obj["cells"] is not JsonArray cells)
            throw new NotebookException($"{name} is not an nbformat 4 notebook: it has no \"cells\" array.");
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) throw new NotebookException($"{name}, cell {i + 1}: expected an object, found {Echo(cells[i])}.");
            if (cell["cell_type"] is not JsonValue kind || !kind.TryGetValue(out string? _))
                throw new NotebookException($"{name}, cell {i + 1}: \"cell_type\" must be \"code\", \"markdown\" or \"raw\", found {Echo(cell["cell_type"])}.");
            switch (cell["source"])
            {
                case null: break;
                case JsonValue sv when sv.TryGetValue(out string? _): break;
                case JsonArray lines:
                    for (int k = 0; k < lines.Count; k++)
                        if (lines[k] is not JsonValue lv || !lv.TryGetValue(out string? _))
                            throw new NotebookException($"{name}, cell {i + 1}: \"source\" line {k + 1} must be a string, found {Echo(lines[k])}.");
                    break;
                default: throw new NotebookException($"{name}, cell {i + 1}: \"source\" must be a string or a list of strings, found {Echo(cell["source"])}.");
            }
        }
        return new Notebook(obj, name);
    }

    private static string Echo(JsonNode? n) => n is null ? "nothing" : RetentionKit.Data.Echo.Value(n.ToJsonString());

    /// <summary>The notebook as nbformat 4 JSON (one-space indent, as Jupyter writes it).</summary>
    public string ToJson()
    {
        _json["nbformat"] = 4;
        _json["nbformat_minor"] ??= 2;
        return _json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}

/// <summary>A notebook that cannot be read or run; the message names the notebook, cell and line.</summary>
public sealed class NotebookException(string message) : Exception(message);
