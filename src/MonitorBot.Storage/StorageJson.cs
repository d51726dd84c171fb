using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitorBot.Storage;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

/// <summary>news_items.entities is a JSON array of strings.</summary>
internal static class EntitiesJson
{
    public static string Write(IReadOnlyList<string>? entities) =>
        entities is null || entities.Count == 0 ? "[]" : JsonSerializer.Serialize(entities, StorageJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];
}
