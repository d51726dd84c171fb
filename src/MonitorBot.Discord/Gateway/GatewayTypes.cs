using System.Text.Json;

namespace MonitorBot.Discord.Gateway;

public enum GatewayStatus
{
    Disconnected,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Reconnecting,
    Stopped,
    Faulted,
}

/// <summary>A dispatch event (op 0): its name (t), sequence (s) and data (d).</summary>
public sealed record GatewayDispatch(string Type, int? Sequence, JsonElement Data);

/// <summary>Gateway close event codes (docs: Opcodes and Status Codes, Gateway Close Event Codes).</summary>
public static class GatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int UnknownOpcode = 4001;
    public const int DecodeError = 4002;
    public const int NotAuthenticated = 4003;
    public const int AuthenticationFailed = 4004;
    public const int AlreadyAuthenticated = 4005;
    public const int InvalidSeq = 4007;
    public const int RateLimited = 4008;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>The docs mark these "reconnect: false": stop and tell the operator.</summary>
    public static bool IsFatal(int code) => code is AuthenticationFailed or (>= InvalidShard and <= DisallowedIntents);

    /// <summary>Reconnect allowed but the session is gone: identify afresh.</summary>
    public static bool RequiresNewSession(int code) => code is InvalidSeq or SessionTimedOut;

    public static string Describe(int code) => code switch
    {
        UnknownError => "unknown error",
        UnknownOpcode => "unknown opcode",
        DecodeError => "decode error",
        NotAuthenticated => "not authenticated",
        AuthenticationFailed => "authentication failed: the bot token is invalid",
        AlreadyAuthenticated => "already authenticated",
        InvalidSeq => "invalid sequence on resume",
        RateLimited => "rate limited: too many gateway sends",
        SessionTimedOut => "session timed out",
        InvalidShard => "invalid shard",
        ShardingRequired => "sharding required",
        InvalidApiVersion => "invalid API version",
        InvalidIntents => "invalid intents",
        DisallowedIntents => "disallowed intents: a privileged intent is not enabled for this application",
        _ => "close code " + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
