using System.CommandLine;
using RetentionKit.Notebooks;

namespace RetentionKit.Cli;

/// <summary><c>retention notebooks run|export</c>: runs notebooks headless, or exports one as a file-based app.</summary>
internal static class NotebooksCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("PATHS") { Description = "Notebooks or folders (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder for the executed .ipynb files and their HTML (default: notebooks/output)", DefaultValueFactory = _ => Path.Combine("notebooks", "output") };
        var timeout = new Option<int>("--cell-timeout") { Description = "Seconds a cell may run (default 120)", DefaultValueFactory = _ => 120 };
        var run = new Command("run", "Execute notebooks and write them with outputs, plus a self-contained HTML rendering of each.") { paths, outDir, timeout };
        run.SetAction(r => Program.Guard(stderr, () =>
        {
            var files = Expand(r.GetValue(paths) ?? []);
            if (files.Count == 0) throw new UsageException("no notebooks found (give .ipynb files or folders, or run from the repository root).");
            var dir = r.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            int failed = 0, unusable = 0;
            if (r.GetValue(timeout) is < 1 or > 86_400) throw new UsageException($"--cell-timeout: expected seconds from 1 to 86400, got {r.GetValue(timeout)}.");
            foreach (var f in files)
            {
                NotebookRun result;
                // One bad notebook is reported and the rest still run.
                try { result = NotebookRunner.Run(f, new RunOptions { CellTimeout = TimeSpan.FromSeconds(r.GetValue(timeout)) }); }
                catch (NotebookException e) { unusable++; stderr.WriteLine($"retention: {e.Message}"); continue; }
                var stem = Path.GetFileNameWithoutExtension(f);
                File.WriteAllText(Path.Combine(dir, stem + ".ipynb"), result.Notebook.ToJson());
                File.WriteAllText(Path.Combine(dir, stem + ".html"), NotebookHtml.Render(result.Notebook));
                if (result.Succeeded) stdout.WriteLine($"ok      {f} ({result.CellsRun} cells) -> {Path.Combine(dir, stem + ".html")}");
                else { failed++; stderr.WriteLine($"FAILED  {result.Error}"); }
            }
            // 2: a file is not a usable notebook (bad input); 1: a notebook ran and one of its cells failed.
            return unusable > 0 ? 2 : failed == 0 ? 0 : 1;
        }));
        var notebook = new Argument<string>("NOTEBOOK") { Description = "The notebook to export" };
        var outFile = new Option<string?>("--out") { Description = "The app file (default: the notebook's name with .cs, beside it)" };
        var force = new Option<bool>("--force") { Description = "Overwrite the app file if it exists" };
        var export = new Command("export", "Write a .NET 10 file-based app (dotnet run FILE.cs) that runs the notebook's code and writes its charts to HTML.") { notebook, outFile, force };
        export.SetAction(r => Program.Guard(stderr, () =>
        {
            var nb = r.GetValue(notebook)!;
            if (!File.Exists(nb)) throw new FileNotFoundException($"No notebook at '{nb}'.", nb);
            var target = r.GetValue(outFile) ?? Path.ChangeExtension(nb, ".cs");
            if (Path.GetFullPath(target) == Path.GetFullPath(nb))
                throw new UsageException($"--out: '{target}' is the notebook itself; give the app another name (e.g. {Path.ChangeExtension(nb, ".cs")}).");
            if (File.Exists(target) && !r.GetValue(force))
                throw new UsageException($"--out: '{target}' exists; add --force to overwrite it.");
            File.WriteAllText(target, FileAppExporter.Export(nb, target));
            stdout.WriteLine(Path.GetFullPath(target));
            return 0;
        }));
        return new Command("notebooks", "Run the teaching notebooks headless, or export one as a file-based app.") { run, export };
    }

    private static List<string> Expand(string[] paths)
    {
        if (paths.Length == 0) paths = ["notebooks"];
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(p)) files.Add(p);
            else throw new FileNotFoundException($"No notebook or folder at '{p}'.", p);
        }
        return files;
    }
}
