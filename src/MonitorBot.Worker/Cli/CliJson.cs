using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitorBot.Worker.Cli;

internal static class CliJson
{
    /// <summary>Compact camelCase JSON, enums as strings, one object per line.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new IsoDurationConverter(), new NullableIsoDurationConverter() },
    };

    /// <summary>Durations as ISO 8601 ("PT5M", "P1DT2H"), not .NET's "1.02:00:00".</summary>
    private sealed class IsoDurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            System.Xml.XmlConvert.ToTimeSpan(reader.GetString() ?? "PT0S");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(Math.Round(value.TotalSeconds))));
    }

    private sealed class NullableIsoDurationConverter : JsonConverter<TimeSpan?>
    {
        public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : System.Xml.XmlConvert.ToTimeSpan(reader.GetString() ?? "PT0S");

        public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteStringValue(System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(Math.Round(v.TotalSeconds))));
            else writer.WriteNullValue();
        }
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
