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
    /// <summary>Packages the runner can provide, with their version and the assemblies they bring.</summary>
    internal static readonly IReadOnlyDictionary<string, (string Version, Assembly[] Assemblies)> Packages = BuildPackages();

    private static Dictionary<string, (string, Assembly[])> BuildPackages()
    {
        var kit = typeof(Rate).Assembly;
        var charts = typeof(RetentionKit.Charts.ChartHtml).Assembly;
        var interactive = typeof(RetentionKit.Interactive.RetentionFormatters).Assembly;
        var mda = typeof(Microsoft.Data.Analysis.DataFrame).Assembly;
        var plotly = typeof(Plotly.NET.GenericChart).Assembly;
        var fsharp = typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly;
        var dyn = typeof(DynamicObj.DynamicObj).Assembly;
        var formatting = typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly;
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["RetentionKit"] = (VersionOf(kit), [kit, mda]),
            ["RetentionKit.Charts"] = (VersionOf(charts), [charts, kit, mda, plotly, fsharp, dyn]),
            ["RetentionKit.Interactive"] = (VersionOf(interactive), [interactive, kit, mda, formatting]),
            ["Microsoft.Data.Analysis"] = (VersionOf(mda), [mda]),
            ["Plotly.NET"] = (VersionOf(plotly), [plotly, fsharp, dyn]),
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

    internal sealed record Parsed(string Code, IReadOnlyList<Assembly> Assemblies, IReadOnlyList<string> PackageNames, IReadOnlyList<string> Paths, IReadOnlyList<string> Sources);

    /// <summary>Takes the directives out of a cell (their lines become blank, so line numbers stay right).</summary>
    /// <exception cref="NotebookException">An unknown package or magic command, or a version the runner does not have.</exception>
    internal static Parsed Parse(string code, string where)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var assemblies = new List<Assembly>(); var names = new List<string>(); var paths = new List<string>(); var sources = new List<string>();
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
                assemblies.AddRange(pkg.Assemblies);
                names.Add(name);
                lines[i] = "";
            }
            else if (trimmed.StartsWith("#r", StringComparison.Ordinal) && PathReference().Match(line) is { Success: true } p) { paths.Add(p.Groups["path"].Value); lines[i] = ""; }
            else if (Include().Match(line) is { Success: true } inc) { sources.Add(inc.Groups["source"].Value); lines[i] = ""; }
            else throw new NotebookException($"{at}: cannot read the directive '{trimmed}'; expected #r \"nuget: Name, Version\", #r \"path\" or #i \"nuget: source\".");
        }
        return new Parsed(string.Join('\n', lines), assemblies.Distinct().ToList(), names, paths, sources);
    }
}
