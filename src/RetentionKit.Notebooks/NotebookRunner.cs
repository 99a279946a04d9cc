using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;
using RetentionKit.Interactive;

namespace RetentionKit.Notebooks;

/// <summary>What the script of a notebook sees besides its own code: <c>display(x)</c>, as in .NET Interactive.</summary>
public sealed class NotebookGlobals
{
    internal List<object?> Displayed { get; } = new();

    /// <summary>Shows a value below the cell (HTML where a formatter exists).</summary>
    public void display(object? value) => Displayed.Add(value);

    /// <summary>The runner's own: the variables of earlier cells once a fresh compilation chain has started.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public CarriedVariables __carried { get; } = new();
}

/// <summary>Options for a notebook run.</summary>
public sealed record RunOptions
{
    /// <summary>Longest a cell may run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>The outcome of a run: the notebook with its outputs, and the error that stopped it, if any.</summary>
public sealed record NotebookRun(Notebook Notebook, int CellsRun, string? Error)
{
    /// <summary>Whether every code cell ran without error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// Runs the C# code cells of a notebook in order in one Roslyn scripting session and records nbformat 4 outputs:
/// <c>display_data</c> for display(x), <c>execute_result</c> for a trailing expression, <c>stream</c> for console
/// output, <c>error</c> for failures (naming the notebook, cell and line). A failing cell stops the run.
/// </summary>
public static class NotebookRunner
{
    private static readonly object ConsoleGate = new();

    // The base class library as a notebook needs it: Roslyn's default script references plus the framework assemblies a
    // .NET Interactive cell can use without #r (checked in the kernel: JSON, HTTP, regular expressions, concurrent
    // collections, XML, data, numerics, processes, compression, cryptography, channels). Not every System.* assembly:
    // each reference is bound again by every cell's compilation, and 180 of them made a run of 300 one-line cells take
    // 1.8 GB; the kernel's set of about 40 keeps it near the kernel's own footprint.
    private static readonly string[] FrameworkNames =
    [
        "System.Runtime", "System.Private.CoreLib", "System.Private.Uri", "System.Private.Xml", "System.Private.Xml.Linq", "Microsoft.CSharp", "System.Console", "System.Linq", "System.Linq.Expressions",
        "System.Collections", "System.Collections.Concurrent", "System.Collections.Immutable", "System.Collections.Specialized", "System.ComponentModel", "System.ComponentModel.Primitives",
        "System.Diagnostics.Process", "System.Diagnostics.StackTrace", "System.Globalization", "System.IO", "System.IO.FileSystem", "System.IO.Compression",
        "System.Memory", "System.Net.Http", "System.Net.Primitives", "System.ObjectModel", "System.Reflection", "System.Runtime.Extensions",
        "System.Runtime.InteropServices", "System.Runtime.Numerics", "System.Security.Cryptography", "System.Text.Encoding.Extensions", "System.Text.Encodings.Web",
        "System.Text.Json", "System.Text.RegularExpressions", "System.Threading", "System.Threading.Channels", "System.Threading.Tasks", "System.Threading.Tasks.Parallel",
        "System.Threading.Thread", "System.Xml.Linq", "System.Data.Common", "System.Web.HttpUtility", "System.Dynamic.Runtime",
    ];

    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator)
            .Where(p => FrameworkNames.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>Runs the notebook at <paramref name="path"/>.</summary>
    /// <exception cref="NotebookException">The file is not a notebook.</exception>
    public static NotebookRun Run(string path, RunOptions? options = null)
    {
        // Outputs are formatted on this thread: make that invariant too, and put the caller's culture back after.
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try { return RunCore(path, options ?? new RunOptions()); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture); }
    }

    private static NotebookRun RunCore(string path, RunOptions o)
    {
        var notebook = Notebook.Load(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // A fresh session, set up as the .NET Interactive kernel sets itself up for VS Code and Jupyter: HTML as the
        // default output, plain text for strings, no formatters of the kit until the notebook registers them.
        Formatter.ResetToDefault();
        Formatter.DefaultMimeType = "text/html";
        Formatter.SetPreferredMimeTypesFor(typeof(string), "text/plain");
        RetentionFormatters.ResetSession();
        var scriptOptions = SessionOptions(directory);
        var directives = new Directives.Session(directory);
        // Outputs come from this run only: a cell the run does not reach shows nothing, not what the file brought along.
        foreach (var c in notebook.Cells) if (c.Kind == "code") c.SetOutputs([], null);
        var globals = new NotebookGlobals();
        var session = new ScriptSession(globals);
        int count = 0, cellNumber = 0;
        foreach (var cell in notebook.Cells)
        {
            cellNumber++;
            if (cell.Kind != "code") continue;
            if (!cell.Language.Equals("csharp", StringComparison.OrdinalIgnoreCase) && !cell.Language.Equals("C#", StringComparison.OrdinalIgnoreCase))
                return Fail(notebook, cell, count, $"{notebook.Name}, cell {cellNumber}: the runner runs C# cells; this one is '{cell.Language}'.", "UnsupportedLanguage");
            if (string.IsNullOrWhiteSpace(cell.Source)) { cell.SetOutputs([], null); continue; }
            count++;
            string where = $"{notebook.Name}, cell {cellNumber}";
            Directives.Parsed parsed;
            IReadOnlyList<Assembly> references;
            try
            {
                parsed = Directives.Parse(cell.Source, where);
                references = directives.Resolve(parsed, where);
            }
            catch (NotebookException e) { return Fail(notebook, cell, count, e.Message, "DirectiveError"); }
            if (references.Count > 0) scriptOptions = scriptOptions.AddReferences(references);
            var cellOptions = scriptOptions.WithFilePath($"{notebook.Name}#cell{cellNumber}");
            globals.Displayed.Clear();
            var console = new StringWriter();
            Exception? error = null;
            object? value = null;
            bool hasValue = false;
            var work = new Thread(() =>
            {
                var old = Console.Out;
                // The same numbers and dates on every machine, whatever its culture.
                Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
                Thread.CurrentThread.CurrentUICulture = CultureInfo.InvariantCulture;
                try
                {
                    lock (ConsoleGate) Console.SetOut(console);
                    value = session.Run(parsed.Code, cellOptions).ReturnValue;
                    hasValue = EndsWithExpression(parsed.Code);
                }
                catch (Exception e) { error = e; }
                finally { lock (ConsoleGate) Console.SetOut(old); }
            }) { IsBackground = true, Name = $"{where}" };
            work.Start();
            if (!work.Join(o.CellTimeout))
                return Fail(notebook, cell, count, $"{where}: did not finish within {o.CellTimeout.TotalSeconds:0} s (the cell timeout); the run stops here.", "TimeoutError");
            var outputs = new JsonArray();
            if (console.ToString().Length > 0) outputs.Add(Stream(console.ToString()));
            foreach (var d in globals.Displayed) outputs.Add(Data("display_data", d, null));
            if (error is not null)
            {
                outputs.Add(ErrorOutput(error, where));
                cell.SetOutputs(outputs, count);
                return new NotebookRun(notebook, count, Message(error, where));
            }
            if (hasValue && value is not null) outputs.Add(Data("execute_result", value, count));
            cell.SetOutputs(outputs, count);
        }
        return new NotebookRun(notebook, count, null);
    }

    /// <summary>What every cell of a notebook in <paramref name="directory"/> compiles with before its own directives.</summary>
    internal static ScriptOptions SessionOptions(string directory) => ScriptOptions.Default
        .WithReferences(Framework.Value)
        .WithImports(Directives.KernelImports)
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory).WithSearchPaths(directory))
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8)
        .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);

    /// <summary>Whether the code's last statement is an expression without a semicolon (its value is the cell's result).</summary>
    internal static bool EndsWithExpression(string code) => CellSyntax.TrailingExpression(CellSyntax.Parse(code)) is not null;

    private static NotebookRun Fail(Notebook notebook, NotebookCell cell, int count, string message, string name)
    {
        cell.SetOutputs([new JsonObject { ["output_type"] = "error", ["ename"] = name, ["evalue"] = message, ["traceback"] = new JsonArray(message) }], count);
        return new NotebookRun(notebook, count, message);
    }

    private static JsonObject Stream(string text) => new() { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = text };

    // As the kernel does: one formatted value per preferred MIME type of the value's type (HTML, plain text for strings).
    private static JsonObject Data(string type, object? value, int? count)
    {
        var data = new JsonObject();
        foreach (var mime in Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)))
            data[mime] = Formatter.ToDisplayString(value, mime);
        var output = new JsonObject { ["output_type"] = type, ["data"] = data, ["metadata"] = new JsonObject() };
        if (count is not null) output["execution_count"] = count.Value;
        return output;
    }

    private static JsonObject ErrorOutput(Exception e, string where) => new()
    {
        ["output_type"] = "error",
        ["ename"] = (e is CompilationErrorException ? "CompilationError" : e.GetType().Name),
        ["evalue"] = Message(e, where),
        ["traceback"] = new JsonArray(Message(e, where)),
    };

    /// <summary>"notebook, cell N, line L: message" from a compile error or the script frame of a runtime error.</summary>
    internal static string Message(Exception e, string where)
    {
        if (e is CompilationErrorException c)
            return string.Join("\n", c.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d =>
                $"{where}, line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
        var inner = e is AggregateException { InnerException: { } i } ? i : e;
        var frame = new System.Diagnostics.StackTrace(inner, true).GetFrames()
            .FirstOrDefault(f => f.GetFileName()?.Contains("#cell", StringComparison.Ordinal) == true);
        string line = frame is null ? "" : $", line {frame.GetFileLineNumber()}";
        return $"{where}{line}: {inner.GetType().Name}: {inner.Message}";
    }
}
