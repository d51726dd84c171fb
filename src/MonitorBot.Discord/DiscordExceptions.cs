using System.Net;

namespace MonitorBot.Discord;

/// <summary>Base of this library's exceptions. Messages never contain the bot token or interaction tokens.</summary>
public class DiscordException : Exception
{
    public DiscordException() { }

    public DiscordException(string message) : base(message) { }

    public DiscordException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A REST call failed: HTTP status plus Discord's JSON error code and message when present.</summary>
public class DiscordHttpException : DiscordException
{
    public DiscordHttpException(HttpStatusCode statusCode, int? errorCode, string? discordMessage, string route)
        : base(Format(statusCode, errorCode, discordMessage, route))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        DiscordMessage = discordMessage;
        Route = route;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord JSON error code (e.g. 10062 Unknown interaction, 50035 Invalid form body).</summary>
    public int? ErrorCode { get; }

    public string? DiscordMessage { get; }

    /// <summary>Method and route template (ids of tokens replaced), never the token itself.</summary>
    public string Route { get; }

    private static string Format(HttpStatusCode status, int? code, string? message, string route) =>
        $"Discord API {route} failed with HTTP {(int)status} {status}" +
        (code is null ? "" : $", code {code}") + (string.IsNullOrEmpty(message) ? "" : $": {message}");
}

/// <summary>Unrecoverable: the process should stop with a non-zero exit code (bad token, fatal gateway close code).</summary>
public class DiscordFatalException : DiscordException
{
    public DiscordFatalException(string message, int? closeCode = null) : base(message) => CloseCode = closeCode;

    public DiscordFatalException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Gateway close code when the gateway ended the session (4004, 4010-4014), else null.</summary>
    public int? CloseCode { get; }
}

/// <summary>Discord rejected the bot token (HTTP 401, or HTTP 400 with JSON code 40001 "Unauthorized"): every further
/// request fails fast with this exception.</summary>
public sealed class DiscordAuthenticationException : DiscordFatalException
{
    public DiscordAuthenticationException(string route)
        : this(route, "HTTP 401") { }

    public DiscordAuthenticationException(string route, string how)
        : base($"Discord rejected the bot token ({how} on {route}); all further requests are stopped. Check Discord:Token.") { }
}

/// <summary>Discord answered 2xx but the body is empty, not JSON, or lacks required fields. The request itself
/// succeeded: for a message created with a nonce + enforce_nonce the message exists and must not be sent again.</summary>
public sealed class DiscordUnreadableResponseException : DiscordException
{
    public DiscordUnreadableResponseException(System.Net.HttpStatusCode statusCode, string route, Exception? innerException = null)
        : base($"Discord API {route} answered HTTP {(int)statusCode} but its body could not be read.", innerException ?? new InvalidDataException("empty body"))
    {
        StatusCode = statusCode;
        Route = route;
    }

    public System.Net.HttpStatusCode StatusCode { get; }

    public string Route { get; }
}

/// <summary>A request could not be sent before its deadline (an interaction callback must reach Discord within 3 s;
/// interaction tokens expire after 15 min), so it was not sent (or not retried) at all.</summary>
public sealed class DiscordDeadlineExceededException(string route, DateTimeOffset deadline)
    : DiscordException($"Discord API {route} was not sent: its deadline passed (or would pass while waiting for a rate limit).")
{
    public string Route { get; } = route;

    public DateTimeOffset Deadline { get; } = deadline;
}

/// <summary>A request that is not safe to repeat (a POST without nonce + enforce_nonce) failed after it may have reached
/// Discord (timeout, connection lost mid-request): it is not retried, because Discord may already have acted on it.</summary>
public sealed class DiscordDeliveryUnknownException(string route, string error, Exception innerException)
    : DiscordException($"Discord API {route} failed ({error}) after the request may have reached Discord; not retried, since repeating it could act twice.", innerException)
{
    public string Route { get; } = route;
}
