using System.Reflection;
using System.Text.RegularExpressions;

namespace RetentionKit.Notebooks;

/// <summary>
/// The directives our notebooks use, as the .NET Interactive kernel reads them: <c>#r "nuget: Name, Version"</c>,
/// <c>#r "path"</c>, <c>#i "nuget: source"</c>, and the <c>#!csharp</c> language marker. NuGet references resolve
/// against the packages the runner was built with; anything else is a clear error.
/// </summary>
internal static partial class Directives
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports in every submission, and no others.</summary>
    internal static readonly string[] KernelImports = ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>The packages the kit publishes itself (not on nuget.org): a kernel finds them only in a source given by #i.</summary>
    private static bool IsKitPackage(string name) => name.Equals("RetentionKit", StringComparison.OrdinalIgnoreCase) || name.StartsWith("RetentionKit.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What a kernel session remembers between cells, and how it turns a cell's directives into references: the
    /// runner follows the kernel, so a directive that fails in the kernel fails here too.
    /// </summary>
    internal sealed class Session(string directory)
    {
        private readonly List<string> _sources = new();

        /// <summary>The assemblies the cell's directives add to the compilation.</summary>
        /// <exception cref="NotebookException">A relative #i folder, a kit package without a source, a missing file.</exception>
        public IReadOnlyList<Assembly> Resolve(Parsed parsed, string where)
        {
            foreach (var source in parsed.Sources)
            {
                var value = source.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) ? source["nuget:".Length..].Trim() : source.Trim();
                // The kernel hands the text to the F# NuGet dependency manager, which calls new Uri(...) on it.
                if (!Uri.TryCreate(value, UriKind.Absolute, out _))
                    throw new NotebookException($"{where}: #i \"{source}\": PackageManagement Error 999 Invalid URI: The format of the URI could not be determined. The kernel accepts only an absolute folder or URL here (dotnet/interactive#3110); the kit's notebooks load it with #r \"../artifacts/kit/….dll\" instead (notebooks/README.md).");
                _sources.Add(value);
            }
            var result = new List<Assembly>();
            foreach (var name in parsed.PackageNames)
            {
                if (IsKitPackage(name) && _sources.Count == 0)
                    throw new NotebookException($"{where}: #r \"nuget: {name}\": the kernel restores packages from nuget.org, which does not have {name}; reference the built kit with #r \"../artifacts/kit/{name}.dll\" (notebooks/README.md), or give its folder first with #i \"nuget: /absolute/folder\".");
                result.AddRange(Packages[name].Assemblies);
            }
            foreach (var p in parsed.Paths)
            {
                var full = Path.GetFullPath(Path.Combine(directory, p));
                if (!File.Exists(full))
                    throw new NotebookException($"{where}: #r \"{p}\": no such file ({full}). For the kit's assemblies run the preparation step in notebooks/README.md first: dotnet publish src/RetentionKit.Interactive -c Release -o artifacts/kit");
                // An assembly this process already has (the kit itself) is used as loaded: a second copy of the same
                // name cannot load beside it, and types must be the ones the runner's formatters know.
                var name = AssemblyName.GetAssemblyName(full).Name;
                var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && a.GetName().Name == name);
                result.Add(loaded ?? Assembly.LoadFrom(full));
            }
            return result.Distinct().ToList();
        }
    }

    /// <summary>Packages the runner can provide, with their version and the assemblies they bring.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Version, Assembly[] Assemblies)> Packages = BuildPackages();

    private static Dictionary<string, (string, Assembly[])> BuildPackages()
    {
        var kit = typeof(Rate).Assembly;
        var charts = typeof(RetentionKit.Charts.ChartHtml).Assembly;
        var interactive = typeof(RetentionKit.Interactive.RetentionFormatters).Assembly;
        var mda = typeof(Microsoft.Data.Analysis.DataFrame).Assembly;
        var formatting = typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly;
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["RetentionKit"] = (VersionOf(kit), [kit, mda]),
            ["RetentionKit.Charts"] = (VersionOf(charts), [charts, kit, mda]),
            ["RetentionKit.Interactive"] = (VersionOf(interactive), [interactive, charts, kit, mda, formatting]),
            ["Microsoft.Data.Analysis"] = (VersionOf(mda), [mda]),
            ["Microsoft.DotNet.Interactive.Formatting"] = (VersionOf(formatting), [formatting]),
        };
    }

    /// <summary>A package's version as its assembly states it (informational version without the commit hash).</summary>
    private static string VersionOf(Assembly a)
    {
        var v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "0";
        int plus = v.IndexOf('+');
        return plus >= 0 ? v[..plus] : v;
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"]+?)\s*(,\s*(?<version>[^"]+?))?\s*"\s*$""")]
    private static partial Regex NuGetReference();
    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]+)"\s*$""")]
    private static partial Regex PathReference();
    [GeneratedRegex("""^\s*#i\s+"(?<source>[^"]+)"\s*$""")]
    private static partial Regex Include();

    internal sealed record Parsed(string Code, IReadOnlyList<string> PackageNames, IReadOnlyList<string> Paths, IReadOnlyList<string> Sources);

    /// <summary>Takes the directives out of a cell (their lines become blank, so line numbers stay right).</summary>
    /// <exception cref="NotebookException">An unknown package or magic command, or a version the runner does not have.</exception>
    internal static Parsed Parse(string code, string where)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var names = new List<string>(); var paths = new List<string>(); var sources = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            string at = $"{where}, line {i + 1}";
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
                if (magic is "#!csharp" or "#!c#" or "#!C#") { lines[i] = ""; continue; }
                throw new NotebookException($"{at}: unknown magic command '{magic}'; the runner understands #!csharp, #r \"nuget: …\", #r \"path\" and #i.");
            }
            if (!trimmed.StartsWith("#r", StringComparison.Ordinal) && !trimmed.StartsWith("#i", StringComparison.Ordinal)) continue;
            if (NuGetReference().Match(line) is { Success: true } n)
            {
                string name = n.Groups["name"].Value.Trim(), version = n.Groups["version"].Value.Trim();
                if (!Packages.TryGetValue(name, out var pkg))
                    throw new NotebookException($"{at}: package '{name}' is not one the runner was built with; it has {string.Join(", ", Packages.Select(p => $"{p.Key} {p.Value.Version}"))}.");
                if (version.Length > 0 && version != "*" && !string.Equals(version, pkg.Version, StringComparison.OrdinalIgnoreCase))
                    throw new NotebookException($"{at}: the notebook asks for {name} {version}, the runner has {name} {pkg.Version}; change the version in the notebook or rebuild the runner.");
                names.Add(name);
                lines[i] = "";
            }
            else if (trimmed.StartsWith("#r", StringComparison.Ordinal) && PathReference().Match(line) is { Success: true } p) { paths.Add(p.Groups["path"].Value); lines[i] = ""; }
            else if (Include().Match(line) is { Success: true } inc) { sources.Add(inc.Groups["source"].Value); lines[i] = ""; }
            else throw new NotebookException($"{at}: cannot read the directive '{trimmed}'; expected #r \"nuget: Name, Version\", #r \"path\" or #i \"nuget: source\".");
        }
        return new Parsed(string.Join('\n', lines), names, paths, sources);
    }
}
