using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetentionKit.Cli;

/// <summary>JSON output: camelCase, indented, and undefined numbers (NaN, ±∞) written as null.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new UndefinedAsNull() },
    };

    public static string Write(object value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The value's JSON object with <paramref name="name"/> added in front (e.g. the load summary).</summary>
    public static string WriteWith(object value, string name, object extra) => WriteWith(value, (name, extra));

    /// <summary>The value's properties after the extra ones, in the order given (an extra that is null is written as null).</summary>
    public static string WriteWith(object value, params (string Name, object? Extra)[] extras)
    {
        var node = JsonSerializer.SerializeToNode(value, Options)!.AsObject();
        var result = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, extra) in extras) result[name] = extra is null ? null : JsonSerializer.SerializeToNode(extra, Options);
        foreach (var (k, v) in node.ToList()) { node.Remove(k); result[k] = v; }
        return result.ToJsonString(Options);
    }

    private sealed class UndefinedAsNull : JsonConverter<double>
    {
        public override bool HandleNull => true;
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
