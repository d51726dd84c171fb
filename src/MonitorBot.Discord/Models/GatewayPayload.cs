using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitorBot.Discord.Models;

/// <summary>A gateway frame {op, d, s, t} (docs: Gateway Events, payload structure).</summary>
public sealed record GatewayPayload
{
    public int Op { get; init; }

    /// <summary>Event data; written even when null (heartbeat with no sequence sends "d": null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? D { get; init; }

    public int? S { get; init; }

    public string? T { get; init; }
}

/// <summary>Gateway opcodes (docs: Opcodes and Status Codes, Gateway Opcodes).</summary>
public static class GatewayOpcodes
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int PresenceUpdate = 3;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

public sealed record HelloData
{
    public int HeartbeatInterval { get; init; }
}

public sealed record IdentifyProperties
{
    [JsonPropertyName("os")]
    public string Os { get; init; } = "linux";

    [JsonPropertyName("browser")]
    public string Browser { get; init; } = "monitorbot";

    [JsonPropertyName("device")]
    public string Device { get; init; } = "monitorbot";
}

public sealed record IdentifyData
{
    public required string Token { get; init; }

    public required int Intents { get; init; }

    public IdentifyProperties Properties { get; init; } = new();

    public bool Compress { get; init; }

    public int LargeThreshold { get; init; } = 50;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"IdentifyData {{ Intents = {Intents} }}";
}

public sealed record ResumeData
{
    public required string Token { get; init; }

    public required string SessionId { get; init; }

    /// <summary>Last sequence number received (may be null before any dispatch).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Seq { get; init; }

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"ResumeData {{ SessionId = {SessionId}, Seq = {Seq} }}";
}

public sealed record ReadyEvent
{
    public int V { get; init; }

    public User? User { get; init; }

    public required string SessionId { get; init; }

    public string? ResumeGatewayUrl { get; init; }

    public PartialApplication? Application { get; init; }
}

public sealed record PartialApplication
{
    public required string Id { get; init; }

    public long? Flags { get; init; }
}

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBotInfo
{
    public required string Url { get; init; }

    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until the limit resets.</summary>
    public long ResetAfter { get; init; }

    public int MaxConcurrency { get; init; } = 1;
}

/// <summary>GET /oauth2/applications/@me (subset).</summary>
public sealed record Application
{
    public required string Id { get; init; }

    public string? Name { get; init; }
}

public sealed record User
{
    public required string Id { get; init; }

    public string? Username { get; init; }

    public string? GlobalName { get; init; }

    public bool? Bot { get; init; }
}
