using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RetentionKit.Notebooks;

/// <summary>
/// Turns a notebook into a .NET 10 file-based app (<c>dotnet run FILE.cs</c>), the migration path Microsoft recommends
/// for retired Polyglot notebooks: <c>#:project</c> for the kit's projects, <c>#:package</c> for other packages, the
/// code cells in order with <c>using</c> directives hoisted, trailing expressions and display(x) printed, and charts
/// written to HTML files next to the app.
/// </summary>
public static class FileAppExporter
{
    private static readonly Dictionary<string, string> KitProjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RetentionKit"] = "src/RetentionKit/RetentionKit.csproj",
        ["RetentionKit.Charts"] = "src/RetentionKit.Charts/RetentionKit.Charts.csproj",
        ["RetentionKit.Interactive"] = "src/RetentionKit.Interactive/RetentionKit.Interactive.csproj",
    };

    /// <summary>The app's source for the notebook at <paramref name="notebookPath"/>, to be written at <paramref name="outputPath"/>.</summary>
    /// <exception cref="NotebookException">The repository root (RetentionNotebooks.sln) cannot be found, or a directive is unknown.</exception>
    public static string Export(string notebookPath, string outputPath)
    {
        var notebook = Notebook.Load(notebookPath);
        var root = FindRoot(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!)
            ?? throw new NotebookException($"{notebook.Name}: cannot find RetentionNotebooks.sln above the notebook; the app refers to the kit's projects by path.");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        // display(x) writes charts, so the charts project is always in (it brings the core library with it).
        projects.Add(Path.GetRelativePath(outDir, Path.Combine(root, KitProjects["RetentionKit.Charts"])).Replace('\\', '/'));
        int cellNumber = 0;
        foreach (var cell in notebook.Cells)
        {
            cellNumber++;
            if (cell.Kind != "code" || string.IsNullOrWhiteSpace(cell.Source)) continue;
            var parsed = Directives.Parse(cell.Source, $"{notebook.Name}, cell {cellNumber}");
            foreach (var name in parsed.PackageNames)
            {
                if (KitProjects.TryGetValue(name, out var project)) projects.Add(Path.GetRelativePath(outDir, Path.Combine(root, project)).Replace('\\', '/'));
                else packages.Add($"{name}@{Directives.Packages[name].Version}");
            }
            // #r of the kit's built assemblies (artifacts/kit/RetentionKit*.dll) becomes a reference to its project.
            foreach (var path in parsed.Paths)
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (KitProjects.TryGetValue(name, out var project)) projects.Add(Path.GetRelativePath(outDir, Path.Combine(root, project)).Replace('\\', '/'));
                else if (!name.Equals("Microsoft.Data.Analysis", StringComparison.OrdinalIgnoreCase))
                    throw new NotebookException($"{notebook.Name}, cell {cellNumber}: #r \"{path}\" is not one of the kit's assemblies; a file-based app takes packages (#:package) and projects (#:project), not DLL paths.");
            }
            var unit = CellSyntax.Parse(parsed.Code);
            foreach (var u in unit.Usings) usings.Add(u.ToString().Trim());
            var code = unit.RemoveNodes(unit.Usings, SyntaxRemoveOptions.KeepNoTrivia)!;
            string text = code.ToFullString();
            if (CellSyntax.TrailingExpression(code) is { } e)
            {
                int start = e.SpanStart - code.FullSpan.Start;
                text = text[..start] + $"display({e.Expression});" + text[(start + e.Span.Length)..];
            }
            body.Append("// ---- cell ").Append(cellNumber).Append(" ----\n").Append(text.Trim()).Append("\n\n");
        }
        var sb = new StringBuilder();
        sb.Append("// Exported from ").Append(notebook.Name).Append(" by `retention notebooks export`. Run: dotnet run ").Append(Path.GetFileName(outputPath)).Append('\n');
        foreach (var p in projects) sb.Append("#:project ").Append(p).Append('\n');
        foreach (var p in packages) sb.Append("#:package ").Append(p).Append('\n');
        sb.Append("#:property PublishAot=false\n#:property TreatWarningsAsErrors=false\n\n");
        foreach (var u in usings) sb.Append(u).Append('\n');
        sb.Append("System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;\n\n");
        sb.Append(body);
        sb.Append("""
            void display(object? value) => NotebookDisplay.Show(value);

            /// <summary>display(x) outside a notebook: charts go to HTML files (plotly.js inline), everything else to the console.</summary>
            static class NotebookDisplay
            {
                private static int _charts;

                public static void Show(object? value)
                {
                    if (value?.GetType().Name == "NotebookSetup") Console.WriteLine("RetentionKit ready: charts are written to chart-N.html beside the app (plotly.js inline, offline).");
                    else if (value is RetentionKit.Charts.Figure chart)
                    {
                        var file = $"chart-{++_charts}.html";
                        File.WriteAllText(file, RetentionKit.Charts.ChartHtml.Page(chart, file));
                        Console.WriteLine($"chart written to {Path.GetFullPath(file)}");
                    }
                    else if (value is Microsoft.Data.Analysis.DataFrame frame) Console.WriteLine(frame.ToString());
                    else Console.WriteLine(value);
                }
            }

            """);
        return sb.ToString();
    }

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RetentionNotebooks.sln"))) return d.FullName;
        return null;
    }
}
