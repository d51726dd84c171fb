using System.Globalization;

namespace MonitorBot.Discord;

/// <summary>Configuration section "Discord". The token comes from the environment only.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Default gateway intents: GUILDS (1 &lt;&lt; 0) only, no privileged intent.</summary>
    public const int DefaultIntents = 1;

    /// <summary>Bot token (MONITORBOT_Discord__Token). Empty: alerts go to the console and no gateway runs. Never logged.</summary>
    public string? Token { get; set; }

    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>Guild (server) snowflake: commands are registered there (instant updates); empty = global registration.</summary>
    public string? GuildId { get; set; }

    /// <summary>Application snowflake; when empty it is taken from READY or GET /oauth2/applications/@me.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Channel snowflake where alerts are posted.</summary>
    public string? AlertChannelId { get; set; }

    public List<string> AdminRoleIds { get; set; } = [];

    public List<string> AdminUserIds { get; set; } = [];

    /// <summary>URL and version in the User-Agent "DiscordBot ($url, $versionNumber)" Discord asks for.</summary>
    public string BotUrl { get; set; } = "https://github.com/monitorbot/monitorbot";

    public string Version { get; set; } = "1.0";

    /// <summary>Gateway intents bitfield; default GUILDS.</summary>
    public int Intents { get; set; } = DefaultIntents;

    /// <summary>op 9 Invalid Session (d=false): wait a random delay in [min, max] before identifying again (docs: 1-5 s).</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconnect backoff after failed connection attempts: base × 2^n with jitter, capped.</summary>
    public TimeSpan ReconnectBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Minimum spacing between two Identify payloads (docs: one identify per 5 s per max_concurrency bucket).</summary>
    public TimeSpan IdentifyMinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gateway send limit: 120 events per 60 s per connection (docs); heartbeats keep a reserve.</summary>
    public int GatewaySendLimitPerMinute { get; set; } = 120;

    /// <summary>Bounded retries for 5xx / network errors and 429 responses.</summary>
    public int RestMaxRetries { get; set; } = 3;

    public TimeSpan RestRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum number of consecutive 429 retries for one request before giving up.</summary>
    public int RestMax429Retries { get; set; } = 10;

    /// <summary>Invalid request budget (401/403/429): 10,000 per 10 minutes per IP (docs); we slow down at this soft limit.</summary>
    public int InvalidRequestSoftLimit { get; set; } = 9000;

    /// <summary>Interactions: answer directly when the handler finishes within this time, else defer (type 5).
    /// Discord allows 3 s from the event; 1.5 s leaves room for gateway delivery and the callback round trip.</summary>
    public TimeSpan InteractionDeferThreshold { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Timeout of one HTTP attempt (rate-limit waits are not counted; they can be longer).</summary>
    public TimeSpan RestRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for Hello (op 10) after the WebSocket opens before treating the connection as failed.</summary>
    public TimeSpan GatewayHelloTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>TCP connect + TLS + WebSocket upgrade of one gateway connection; a server that accepts the socket but never
    /// completes the handshake costs at most this long before the reconnect backoff.</summary>
    public TimeSpan GatewayConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>From Identify (op 2) or Resume (op 6) to READY or RESUMED; past it the connection is dropped and retried.</summary>
    public TimeSpan GatewayReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest gateway message accepted (bytes, after frame reassembly); a bigger one closes the connection with 1009.</summary>
    public int GatewayMaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Dispatch events waiting for the handlers; when full the connection is closed and resumed later (Discord replays
    /// the events after the last sequence we processed), so a stuck handler cannot grow memory without bound.</summary>
    public int GatewayDispatchQueueCapacity { get; set; } = 1000;

    /// <summary>Upper bounds of the gateway knobs above (validated at start).</summary>
    public static readonly TimeSpan MaxGatewayTimeout = TimeSpan.FromMinutes(2);

    public const int MinGatewayMessageBytes = 64 * 1024;

    public const int MaxGatewayMessageBytes = 64 * 1024 * 1024;

    public const int MaxGatewayDispatchQueueCapacity = 100_000;

    /// <summary>Autocomplete cannot be deferred: a handler slower than this gets an empty choice list.</summary>
    public TimeSpan AutocompleteTimeout { get; set; } = TimeSpan.FromMilliseconds(2500);

    public bool HasToken => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Docs (Reference, User Agent): "DiscordBot ($url, $versionNumber)", sent on REST and on the gateway handshake.</summary>
    public string BuildUserAgent() => $"DiscordBot ({BotUrl}, {Version})";

    /// <summary>Lists configuration problems (empty = valid). Never includes the token.</summary>
    public static IEnumerable<string> Validate(DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"Discord:ApiBaseUrl '{options.ApiBaseUrl}' is not an absolute http(s) URL.";
        }

        if (!Uri.TryCreate(options.BotUrl, UriKind.Absolute, out _))
        {
            yield return $"Discord:BotUrl '{options.BotUrl}' is not an absolute URL.";
        }

        if (string.IsNullOrWhiteSpace(options.Version))
        {
            yield return "Discord:Version must not be empty.";
        }

        if (options.HasToken && options.Token!.Trim().Length != options.Token.Length)
        {
            yield return "Discord:Token has leading or trailing whitespace.";
        }

        foreach (var (name, value) in new[] { ("GuildId", options.GuildId), ("ApplicationId", options.ApplicationId), ("AlertChannelId", options.AlertChannelId) })
        {
            if (!string.IsNullOrEmpty(value) && !Snowflake.IsValid(value))
            {
                yield return $"Discord:{name} '{value}' is not a snowflake (a positive 64-bit integer).";
            }
        }

        for (var i = 0; i < options.AdminRoleIds.Count; i++)
        {
            if (!Snowflake.IsValid(options.AdminRoleIds[i]))
            {
                yield return $"Discord:AdminRoleIds:{i} '{options.AdminRoleIds[i]}' is not a snowflake.";
            }
        }

        for (var i = 0; i < options.AdminUserIds.Count; i++)
        {
            if (!Snowflake.IsValid(options.AdminUserIds[i]))
            {
                yield return $"Discord:AdminUserIds:{i} '{options.AdminUserIds[i]}' is not a snowflake.";
            }
        }

        if (options.Intents < 0)
        {
            yield return "Discord:Intents must not be negative.";
        }

        if (options.InvalidSessionDelayMin < TimeSpan.Zero || options.InvalidSessionDelayMax < options.InvalidSessionDelayMin)
        {
            yield return "Discord:InvalidSessionDelayMin/Max must satisfy 0 <= Min <= Max.";
        }

        if (options.ReconnectBackoffBase <= TimeSpan.Zero || options.ReconnectBackoffMax < options.ReconnectBackoffBase)
        {
            yield return "Discord:ReconnectBackoffBase must be > 0 and <= ReconnectBackoffMax.";
        }

        if (options.GatewaySendLimitPerMinute is < 10 or > 120)
        {
            yield return "Discord:GatewaySendLimitPerMinute must be between 10 and 120.";
        }

        if (options.RestMaxRetries < 0 || options.RestMax429Retries < 0)
        {
            yield return "Discord:RestMaxRetries and RestMax429Retries must not be negative.";
        }

        foreach (var (name, value) in new[]
                 {
                     ("GatewayConnectTimeout", options.GatewayConnectTimeout), ("GatewayHelloTimeout", options.GatewayHelloTimeout),
                     ("GatewayReadyTimeout", options.GatewayReadyTimeout), ("RestRequestTimeout", options.RestRequestTimeout),
                 })
        {
            if (value <= TimeSpan.Zero || value > MaxGatewayTimeout)
            {
                yield return $"Discord:{name} must be greater than 0 and at most {MaxGatewayTimeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes.";
            }
        }

        if (options.GatewayMaxMessageBytes is < MinGatewayMessageBytes or > MaxGatewayMessageBytes)
        {
            yield return $"Discord:GatewayMaxMessageBytes must be between {MinGatewayMessageBytes} and {MaxGatewayMessageBytes}.";
        }

        if (options.GatewayDispatchQueueCapacity is < 10 or > MaxGatewayDispatchQueueCapacity)
        {
            yield return $"Discord:GatewayDispatchQueueCapacity must be between 10 and {MaxGatewayDispatchQueueCapacity}.";
        }

        if (options.InteractionDeferThreshold <= TimeSpan.Zero || options.InteractionDeferThreshold >= TimeSpan.FromSeconds(3))
        {
            yield return "Discord:InteractionDeferThreshold must be between 0 and 3 seconds (Discord's deadline).";
        }
    }

    /// <summary>Never prints the token.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"DiscordOptions {{ Token = {(HasToken ? "(set)" : "(none)")}, ApiBaseUrl = {ApiBaseUrl}, GuildId = {GuildId}, ApplicationId = {ApplicationId}, AlertChannelId = {AlertChannelId}, Intents = {Intents} }}");
}

/// <summary>Snowflake helpers: Discord ids are 64-bit unsigned integers serialised as strings.</summary>
public static class Snowflake
{
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 20 && value.All(char.IsAsciiDigit) &&
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;
}
