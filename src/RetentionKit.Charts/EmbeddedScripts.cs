using System.IO.Compression;
using System.Text;

namespace RetentionKit.Charts;

/// <summary>The JavaScript libraries this assembly carries (plotly.js, KaTeX): read from their gzipped resources, written into pages.</summary>
internal static class EmbeddedScripts
{
    /// <summary>The text of a gzipped resource of this assembly.</summary>
    /// <exception cref="InvalidOperationException">The assembly was built without it.</exception>
    public static string Read(string resource, string what)
    {
        using var gz = typeof(EmbeddedScripts).Assembly.GetManifestResourceStream("RetentionKit.Charts." + resource)
            ?? throw new InvalidOperationException($"{what} is missing from RetentionKit.Charts; the assembly was built without its Assets folder.");
        using var reader = new StreamReader(new GZipStream(gz, CompressionMode.Decompress), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A script element that evaluates a library bundle with <c>define</c>, <c>exports</c> and <c>module</c> hidden, so on a
    /// page that has loaded require.js it does not register as an anonymous AMD module ("Mismatched anonymous define()")
    /// and still sets its global; it is skipped when <paramref name="loaded"/> (a JavaScript condition) already holds.
    /// </summary>
    public static string Global(string banner, string loaded, string js) =>
        "<script>/* " + banner + ", loaded by RetentionKit */\n" +
        "if (!" + loaded + ") (function (define, exports, module) {\n" +
        js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
        "\n}).call(window, undefined, undefined, undefined);\n</script>\n";
}
