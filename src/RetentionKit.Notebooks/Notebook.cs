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
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new NotebookException($"{Path.GetFileName(path)} is not valid notebook JSON ({e.Message})."); }
        if (node is not JsonObject obj || obj["cells"] is not JsonArray)
            throw new NotebookException($"{Path.GetFileName(path)} is not an nbformat 4 notebook: it has no \"cells\" array.");
        if (obj["nbformat"]?.GetValue<int>() is { } v && v != 4)
            throw new NotebookException($"{Path.GetFileName(path)} is nbformat {v}; the runner reads nbformat 4.");
        return new Notebook(obj, Path.GetFileName(path));
    }

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
