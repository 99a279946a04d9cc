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
