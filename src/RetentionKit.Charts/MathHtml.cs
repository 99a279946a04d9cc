namespace RetentionKit.Charts;

/// <summary>
/// Formulas in HTML pages, offline: KaTeX (shipped inside this assembly, fonts inlined) renders every element of class
/// <c>math</c> whose text is TeX between <c>\(</c> <c>\)</c> (inline) or <c>\[</c> <c>\]</c> (display), the form Markdig's
/// math extension writes. Without JavaScript the TeX stays readable as text.
/// </summary>
public static class MathHtml
{
    /// <summary>The KaTeX version this assembly carries.</summary>
    public const string KatexVersion = "0.19.1";

    private static readonly Lazy<string> Js = new(() => EmbeddedScripts.Read($"katex-{KatexVersion}.min.js.gz", $"KaTeX {KatexVersion} (min.js)"));
    private static readonly Lazy<string> Css = new(() => EmbeddedScripts.Read($"katex-{KatexVersion}.min.css.gz", $"KaTeX {KatexVersion} (min.css)"));

    /// <summary>A display formula: TeX shown on its own line.</summary>
    public static string Display(string tex) => "<div class=\"math\">\\[" + System.Net.WebUtility.HtmlEncode(tex) + "\\]</div>";

    /// <summary>
    /// The style and scripts that render the page's formulas (about 450 KB; MIT licence, see Assets/katex.LICENSE.txt).
    /// KaTeX is evaluated with <c>define</c>, <c>exports</c> and <c>module</c> hidden, as plotly.js is, so a page with
    /// require.js still gets <c>window.katex</c>. A formula KaTeX cannot parse is shown as its TeX, in red.
    /// </summary>
    public static string Loader() =>
        "<style>/* KaTeX " + KatexVersion + " (MIT) */\n" + Css.Value + "\n.math-display{display:block;text-align:center;margin:10px 0}</style>\n" +
        EmbeddedScripts.Global($"KaTeX {KatexVersion} (MIT)", "window.katex", Js.Value) +
        """
        <script>
        (function () {
          function render() {
            document.querySelectorAll('.math').forEach(function (el) {
              if (el.getAttribute('data-rendered')) return;
              var tex = el.textContent.trim(), display = el.tagName === 'DIV' || el.classList.contains('math-display');
              var m = /^\\\(([\s\S]*)\\\)$/.exec(tex) || /^\\\[([\s\S]*)\\\]$/.exec(tex);
              if (m) { display = display || tex.charAt(1) === '['; tex = m[1]; }
              try { window.katex.render(tex, el, { displayMode: display, throwOnError: false }); el.setAttribute('data-rendered', '1'); }
              catch (e) { el.setAttribute('title', String(e)); }
            });
          }
          if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render); else render();
        })();
        </script>

        """;
}
