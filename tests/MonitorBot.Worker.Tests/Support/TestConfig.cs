using System.Text.Json;
using System.Text.Json.Nodes;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Worker.Tests.Support;

/// <summary>Writes a monitorbot.json into a temp directory (database beside it).</summary>
public static class TestConfig
{
    public static string DatabasePath(TempDirectory dir) => dir.File("monitorbot.db");

    public static void Write(TempDirectory dir, JsonArray sources, Action<JsonObject>? tweak = null)
    {
        var root = new JsonObject
        {
            ["Storage"] = new JsonObject { ["Path"] = DatabasePath(dir) },
            ["Feeds"] = new JsonObject
            {
                ["Enabled"] = true,
                ["Jitter"] = "00:00:00",
                ["Timeout"] = "00:00:05",
                ["MaxRetries"] = 1,
                ["RetryBaseDelay"] = "00:00:00.050",
                ["Sources"] = sources,
            },
            ["Discord"] = new JsonObject { ["ApiBaseUrl"] = "http://127.0.0.1:9/api/v10" },
        };
        tweak?.Invoke(root);
        File.WriteAllText(dir.File("monitorbot.json"), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject Source(string id, string kind, string url, string interval = "00:10:00", Action<JsonObject>? tweak = null)
    {
        var o = new JsonObject { ["Id"] = id, ["Kind"] = kind, ["Url"] = url, ["Interval"] = interval };
        tweak?.Invoke(o);
        return o;
    }
}
