using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RetentionKit.Charts;

/// <summary>
/// A chart as a plotly.js figure: its traces and layout with plotly.js attribute names, held as JSON. It needs no
/// charting library to build or show, so it draws in every notebook host, whatever FSharp.Core the host carries;
/// <see cref="ChartHtml"/> turns it into HTML, and RetentionKit.Plotly into a Plotly.NET chart where that loads.
/// </summary>
public sealed class Figure
{
    internal Figure(string title, IReadOnlyList<IDictionary<string, object?>> traces, IDictionary<string, object?> layout)
    {
        Title = title;
        TraceCount = traces.Count;
        Json = Write(new Dictionary<string, object?> { ["data"] = traces, ["layout"] = layout });
    }

    /// <summary>The chart's title.</summary>
    public string Title { get; }

    /// <summary>How many traces (series) the chart has.</summary>
    public int TraceCount { get; }

    /// <summary>The figure as plotly.js reads it: <c>{"data": [...], "layout": {...}}</c>. NaN and infinities are null (gaps).</summary>
    public string Json { get; }

    /// <summary>A short stable name for this figure's content (used for element ids, so re-running gives the same HTML).</summary>
    public string ContentId => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Json)), 0, 6).ToLowerInvariant();

    /// <summary>The chart as HTML: a div and the script that draws it (plotly.js must be on the page, see <see cref="ChartHtml.PlotlyLoader"/>).</summary>
    public string ToHtml() => ChartHtml.Div(this);

    /// <inheritdoc />
    public override string ToString() => $"chart: {Title} ({TraceCount} {(TraceCount == 1 ? "trace" : "traces")})";

    // A small writer instead of reflection-based serialisation: the builders use dictionaries, arrays, strings and
    // numbers only, and a non-finite number must become null (plotly.js draws a gap) rather than fail.
    private static string Write(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteValue(w, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d: if (double.IsFinite(d)) w.WriteNumberValue(d); else w.WriteNullValue(); break;
            case float f: if (float.IsFinite(f)) w.WriteNumberValue(f); else w.WriteNullValue(); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case decimal m: w.WriteNumberValue(m); break;
            case DateTime t: w.WriteStringValue(t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)); break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry e in dict) { w.WritePropertyName(Convert.ToString(e.Key, CultureInfo.InvariantCulture)!); WriteValue(w, e.Value); }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteValue(w, item);
                w.WriteEndArray();
                break;
            case IFormattable n when value.GetType().IsPrimitive: w.WriteRawValue(n.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"a chart property holds a {value.GetType().Name}, which plotly.js cannot read", nameof(value));
        }
    }
}
