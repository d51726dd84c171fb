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

/// <summary>Discord answered 401: the token is invalid. Every further request fails fast with this exception.</summary>
public sealed class DiscordAuthenticationException : DiscordFatalException
{
    public DiscordAuthenticationException(string route)
        : base($"Discord rejected the bot token (HTTP 401 on {route}); all further requests are stopped. Check Discord:Token.") { }
}
