using Microsoft.Extensions.Logging;

namespace MonitorBot.Discord;

/// <summary>Source-generated log messages. No message takes a token.</summary>
internal static partial class DiscordLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Discord rate limited on {Route} (global={Global}); retrying after {RetryAfterMs} ms")]
    public static partial void RateLimited(ILogger logger, string route, bool global, double retryAfterMs);

    [LoggerMessage(1002, LogLevel.Debug, "Discord bucket {Bucket} exhausted on {Route}; waiting {WaitMs} ms for reset")]
    public static partial void BucketExhausted(ILogger logger, string route, string bucket, double waitMs);

    [LoggerMessage(1003, LogLevel.Warning, "Discord {Route} returned HTTP {Status}; retry {Attempt} in {DelayMs} ms")]
    public static partial void ServerErrorRetry(ILogger logger, string route, int status, int attempt, double delayMs);

    [LoggerMessage(1004, LogLevel.Error, "Discord rejected the bot token (401 on {Route}); stopping all REST requests")]
    public static partial void Unauthorized(ILogger logger, string route);

    [LoggerMessage(1005, LogLevel.Warning, "Discord invalid-request budget: {Count} 401/403/429 responses in the last 10 minutes (soft limit {Limit}); slowing down")]
    public static partial void InvalidRequestBudget(ILogger logger, int count, int limit);

    [LoggerMessage(1006, LogLevel.Warning, "Discord request {Route} failed ({Error}); retry {Attempt} in {DelayMs} ms")]
    public static partial void NetworkErrorRetry(ILogger logger, string route, string error, int attempt, double delayMs);

    [LoggerMessage(1007, LogLevel.Warning, "Discord request {Route} failed ({Error}) after it may have reached Discord; not retried (no nonce: a repeat could act twice)")]
    public static partial void NotRetried(ILogger logger, string route, string error);

    [LoggerMessage(1008, LogLevel.Warning, "Discord request {Route} dropped: it would wait {WaitMs} ms past its deadline")]
    public static partial void DeadlinePassed(ILogger logger, string route, double waitMs);

    [LoggerMessage(2001, LogLevel.Information, "Discord gateway connecting to {Url} ({Mode})")]
    public static partial void GatewayConnecting(ILogger logger, string url, string mode);

    [LoggerMessage(2002, LogLevel.Information, "Discord gateway READY: session {SessionId}, application {ApplicationId}")]
    public static partial void GatewayReady(ILogger logger, string sessionId, string? applicationId);

    [LoggerMessage(2003, LogLevel.Information, "Discord gateway RESUMED session {SessionId} at sequence {Sequence}")]
    public static partial void GatewayResumed(ILogger logger, string? sessionId, int? sequence);

    [LoggerMessage(2004, LogLevel.Warning, "Discord gateway: no heartbeat ACK before the next beat (zombie connection); reconnecting to resume")]
    public static partial void GatewayZombie(ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "Discord gateway asked us to reconnect (op 7)")]
    public static partial void GatewayReconnectRequested(ILogger logger);

    [LoggerMessage(2006, LogLevel.Warning, "Discord gateway invalid session (op 9, resumable={Resumable})")]
    public static partial void GatewayInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(2007, LogLevel.Warning, "Discord gateway closed: {CloseCode} {Description}")]
    public static partial void GatewayClosed(ILogger logger, int? closeCode, string? description);

    [LoggerMessage(2008, LogLevel.Warning, "Discord gateway connection failed ({Error}); reconnecting in {DelayMs} ms (attempt {Attempt})")]
    public static partial void GatewayBackoff(ILogger logger, string error, double delayMs, int attempt);

    [LoggerMessage(2009, LogLevel.Error, "Discord gateway fatal close code {CloseCode}: {Meaning}")]
    public static partial void GatewayFatal(ILogger logger, int closeCode, string meaning);

    [LoggerMessage(2010, LogLevel.Error, "Discord dispatch handler for {EventType} failed")]
    public static partial void DispatchHandlerFailed(ILogger logger, Exception exception, string? eventType);

    [LoggerMessage(2011, LogLevel.Warning, "Discord identify budget exhausted; waiting {WaitMs} ms")]
    public static partial void IdentifyBudgetExhausted(ILogger logger, double waitMs);

    [LoggerMessage(2012, LogLevel.Error, "Discord gateway message of more than {MaxBytes} bytes; closing the connection (Discord:GatewayMaxMessageBytes)")]
    public static partial void GatewayMessageTooBig(ILogger logger, int maxBytes);

    [LoggerMessage(2013, LogLevel.Error, "Discord dispatch queue full ({Capacity} events waiting for handlers); closing the connection to resume later (Discord:GatewayDispatchQueueCapacity)")]
    public static partial void GatewayDispatchQueueFull(ILogger logger, int capacity);

    [LoggerMessage(2014, LogLevel.Warning, "Discord gateway closed with {CloseCode} before READY; checking the bot token over REST")]
    public static partial void GatewayCheckingToken(ILogger logger, int closeCode);

    [LoggerMessage(3001, LogLevel.Error, "Discord interaction handler for {Route} failed")]
    public static partial void InteractionHandlerFailed(ILogger logger, Exception exception, string route);

    [LoggerMessage(3002, LogLevel.Warning, "Discord interaction {InteractionId}: no handler for {Route}")]
    public static partial void InteractionNoHandler(ILogger logger, string interactionId, string route);

    [LoggerMessage(3003, LogLevel.Error, "Discord interaction {InteractionId}: could not send the response")]
    public static partial void InteractionResponseFailed(ILogger logger, Exception exception, string interactionId);

    [LoggerMessage(3005, LogLevel.Warning, "Discord interaction {InteractionId}: the initial response missed its deadline; sending a follow-up instead")]
    public static partial void InteractionFollowupFallback(ILogger logger, string interactionId);

    [LoggerMessage(3006, LogLevel.Warning, "Discord interaction {InteractionId}: the deferral was refused (HTTP {Status}); replying directly instead")]
    public static partial void InteractionDeferRefused(ILogger logger, string interactionId, int status);

    [LoggerMessage(3004, LogLevel.Warning, "Discord interaction {InteractionId}: handler for {Route} is slow, deferring")]
    public static partial void InteractionDeferred(ILogger logger, string interactionId, string route);
}
