using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord.Gateway;

/// <summary>
/// Discord gateway v10 client on <see cref="ClientWebSocket"/> (docs: Gateway; Gateway Events; Opcodes and
/// Status Codes). Runs one connection at a time: Hello → heartbeat (first beat after interval × jitter) →
/// Identify or Resume → dispatches. Reconnects and resumes after drops, op 7, op 9 and zombie connections;
/// stops with <see cref="DiscordFatalException"/> on the close codes the docs mark as not reconnectable.
/// Dispatch handlers run on a separate loop so a slow handler never delays heartbeats.
/// </summary>
public sealed class DiscordGatewayClient
{
    /// <summary>Our close code for zombie / reconnect closes: anything but 1000/1001 keeps the session resumable (docs: Resuming).</summary>
    internal const int ResumableCloseCode = 4000;

    private readonly DiscordRestClient _rest;
    private readonly DiscordOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly List<Func<GatewayDispatch, CancellationToken, Task>> _handlers = [];
    private readonly object _stateGate = new();
    private string? _sessionId;
    private string? _resumeGatewayUrl;
    private int? _sequence;
    private string? _applicationId;
    private GatewayStatus _status = GatewayStatus.Disconnected;
    private DateTimeOffset _lastIdentifyAt = DateTimeOffset.MinValue;
    private int _identifyCount;
    private int _resumeCount;
    private int _connectionCount;
    private int _running;

    public DiscordGatewayClient(
        DiscordRestClient rest,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordGatewayClient>? logger = null,
        Func<double>? random = null)
    {
        _rest = rest;
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _random = random ?? Random.Shared.NextDouble;
        _applicationId = string.IsNullOrWhiteSpace(_options.ApplicationId) ? null : _options.ApplicationId;
    }

    public GatewayStatus Status { get { lock (_stateGate) { return _status; } } }

    public string? SessionId { get { lock (_stateGate) { return _sessionId; } } }

    public int? Sequence { get { lock (_stateGate) { return _sequence; } } }

    public string? ResumeGatewayUrl { get { lock (_stateGate) { return _resumeGatewayUrl; } } }

    /// <summary>From options, else from READY's application object.</summary>
    public string? ApplicationId { get { lock (_stateGate) { return _applicationId; } } }

    public int IdentifyCount => Volatile.Read(ref _identifyCount);

    public int ResumeCount => Volatile.Read(ref _resumeCount);

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Registers a dispatch handler (READY, RESUMED, INTERACTION_CREATE, ...). Handlers run in order, one event at a time.</summary>
    public void AddDispatchHandler(Func<GatewayDispatch, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _handlers.Add(handler);
        }
    }

    /// <summary>Runs until cancelled (returns normally) or a fatal condition (throws <see cref="DiscordFatalException"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.HasToken)
        {
            throw new InvalidOperationException("Discord:Token is not configured; the gateway cannot run.");
        }

        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The gateway is already running.");
        }

        // Bounded: a stuck handler cannot grow memory without limit; when full the connection is closed and resumed (see OnDispatchAsync).
        var channel = Channel.CreateBounded<GatewayDispatch>(new BoundedChannelOptions(_options.GatewayDispatchQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var dispatchCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatchLoop = Task.Run(() => DispatchLoopAsync(channel.Reader, dispatchCts.Token), CancellationToken.None);
        try
        {
            await ConnectLoopAsync(channel.Writer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetStatus(GatewayStatus.Stopped);
        }
        catch (DiscordFatalException)
        {
            SetStatus(GatewayStatus.Faulted);
            throw;
        }
        finally
        {
            channel.Writer.TryComplete();
            await dispatchCts.CancelAsync().ConfigureAwait(false);
            try
            {
                await dispatchLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }

            Volatile.Write(ref _running, 0);
        }
    }

    private async Task ConnectLoopAsync(ChannelWriter<GatewayDispatch> writer, CancellationToken cancellationToken)
    {
        var failures = 0;
        var resume = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Outcome outcome;
            try
            {
                string? resumeUrl;
                lock (_stateGate)
                {
                    resume = resume && _sessionId is not null;
                    resumeUrl = _resumeGatewayUrl;
                }

                string url;
                if (resume && resumeUrl is not null)
                {
                    url = resumeUrl;
                }
                else
                {
                    var info = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
                    if (!resume && info.SessionStartLimit is { Remaining: <= 0 } limit)
                    {
                        // Docs (Session Start Limit): identifying with none left resets the token.
                        DiscordLog.IdentifyBudgetExhausted(_logger, limit.ResetAfter);
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(limit.ResetAfter, 1000)), _time, cancellationToken).ConfigureAwait(false);
                    }

                    url = info.Url;
                }

                outcome = await RunConnectionAsync(url, resume, writer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (DiscordFatalException)
            {
                throw;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or DiscordException or JsonException or OperationCanceledException)
            {
                // Our own messages are one clear line without secrets; others are named by type.
                outcome = new Outcome(Resume: resume, ReachedReady: false, Delay: null, Reason: ex is DiscordException ? ex.Message : ex.GetType().Name);
            }

            SetStatus(GatewayStatus.Reconnecting);
            resume = outcome.Resume;
            failures = outcome.ReachedReady ? 0 : failures + 1;
            var delay = outcome.Delay ?? (failures == 0 ? TimeSpan.Zero : Backoff(failures));
            if (failures > 0 || outcome.Delay is not null)
            {
                DiscordLog.GatewayBackoff(_logger, outcome.Reason, delay.TotalMilliseconds, failures);
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Exponential backoff with jitter and a cap: base × 2^(n-1) × [0.5, 1), at most ReconnectBackoffMax.</summary>
    private TimeSpan Backoff(int failures)
    {
        var exp = _options.ReconnectBackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exp, _options.ReconnectBackoffMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (_random() * 0.5)));
    }

    private async Task<Outcome> RunConnectionAsync(string url, bool resume, ChannelWriter<GatewayDispatch> writer, CancellationToken cancellationToken)
    {
        SetStatus(GatewayStatus.Connecting);
        Interlocked.Increment(ref _connectionCount);
        var uri = new Uri(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "v=10&encoding=json");
        DiscordLog.GatewayConnecting(_logger, uri.GetLeftPart(UriPartial.Path), resume ? "resume" : "identify");

        using var ws = new ClientWebSocket();
        // Docs (Reference, User Agent): clients must send "DiscordBot ($url, $versionNumber)"; the handshake is an HTTP request too.
        ws.Options.SetRequestHeader("User-Agent", _options.BuildUserAgent());
        // Not linked to cancellationToken: cancelling a ClientWebSocket receive aborts the socket, so on shutdown we
        // first send a 1000 close (ends the session, the bot shows offline at once) and cut the connection after a grace period.
        using var connectionCts = new CancellationTokenSource();
        using var shutdown = cancellationToken.Register(() =>
        {
            _ = CloseQuietlyAsync(ws, (int)WebSocketCloseStatus.NormalClosure, "shutdown");
            connectionCts.CancelAfter(TimeSpan.FromSeconds(1));
        });
        var connection = new Connection(ws, new GatewaySendLimiter(_options.GatewaySendLimitPerMinute, _time));
        using (var connectTimeout = new CancellationTokenSource(_options.GatewayConnectTimeout, _time))
        using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
        {
            try
            {
                await ws.ConnectAsync(uri, connectCts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (connectTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                                       ex is OperationCanceledException or WebSocketException)
            {
                // A server that accepts TCP but never answers the upgrade: give up and let the backoff retry.
                throw new DiscordException($"The gateway did not complete the WebSocket handshake within {Seconds(_options.GatewayConnectTimeout)} s.", ex);
            }
        }

        var reachedReady = false;
        Task? heartbeat = null;
        try
        {
            GatewayPayload? hello;
            using (var helloTimeout = new CancellationTokenSource(_options.GatewayHelloTimeout, _time))
            using (var helloCts = CancellationTokenSource.CreateLinkedTokenSource(connectionCts.Token, helloTimeout.Token))
            {
                try
                {
                    hello = await ReceiveAsync(ws, connection, _options.GatewayMaxMessageBytes, helloCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (helloTimeout.IsCancellationRequested && !connectionCts.IsCancellationRequested &&
                                           ex is OperationCanceledException or WebSocketException)
                {
                    throw new DiscordException($"The gateway sent no Hello (op 10) within {Seconds(_options.GatewayHelloTimeout)} s.", ex);
                }
            }

            if (hello is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return await ClosedAsync(ws, reachedReady, identified: false, cancellationToken).ConfigureAwait(false);
            }

            if (hello.Op != GatewayOpcodes.Hello || hello.D is null)
            {
                throw new DiscordException("The gateway did not start with Hello (op 10).");
            }

            var interval = TimeSpan.FromMilliseconds(hello.D.Value.Deserialize(DiscordJsonContext.Default.HelloData)!.HeartbeatInterval);
            heartbeat = HeartbeatLoopAsync(connection, interval, connectionCts);

            if (resume)
            {
                ResumeData data;
                lock (_stateGate)
                {
                    data = new ResumeData { Token = _options.Token!, SessionId = _sessionId!, Seq = _sequence };
                }

                SetStatus(GatewayStatus.Resuming);
                Interlocked.Increment(ref _resumeCount);
                await SendAsync(connection, GatewayOpcodes.Resume, data, DiscordJsonContext.Default.ResumeData, false, connectionCts.Token).ConfigureAwait(false);
            }
            else
            {
                var wait = _lastIdentifyAt + _options.IdentifyMinInterval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, connectionCts.Token).ConfigureAwait(false);
                }

                SetStatus(GatewayStatus.Identifying);
                _lastIdentifyAt = _time.GetUtcNow();
                Interlocked.Increment(ref _identifyCount);
                var identify = new IdentifyData { Token = _options.Token!, Intents = _options.Intents };
                await SendAsync(connection, GatewayOpcodes.Identify, identify, DiscordJsonContext.Default.IdentifyData, false, connectionCts.Token).ConfigureAwait(false);
            }

            // Identify/Resume → READY/RESUMED is bounded too: a server that goes silent after Hello must not hold us "resuming".
            using var readyTimeout = new CancellationTokenSource(_options.GatewayReadyTimeout, _time);
            using var handshakeCts = CancellationTokenSource.CreateLinkedTokenSource(connectionCts.Token, readyTimeout.Token);
            while (true)
            {
                GatewayPayload? payload;
                try
                {
                    payload = await ReceiveAsync(ws, connection, _options.GatewayMaxMessageBytes, reachedReady ? connectionCts.Token : handshakeCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!reachedReady && readyTimeout.IsCancellationRequested && !connectionCts.IsCancellationRequested &&
                                           ex is OperationCanceledException or WebSocketException)
                {
                    throw new DiscordException($"The gateway sent no {(resume ? "RESUMED" : "READY")} within {Seconds(_options.GatewayReadyTimeout)} s of our {(resume ? "Resume" : "Identify")}.", ex);
                }

                if (payload is null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return await ClosedAsync(ws, reachedReady, identified: !resume, cancellationToken).ConfigureAwait(false);
                }

                switch (payload.Op)
                {
                    case GatewayOpcodes.Dispatch:
                        var dispatched = OnDispatch(payload, writer);
                        if (dispatched is DispatchResult.QueueFull)
                        {
                            DiscordLog.GatewayDispatchQueueFull(_logger, _options.GatewayDispatchQueueCapacity);
                            await CloseQuietlyAsync(ws, ResumableCloseCode, "dispatch queue full").ConfigureAwait(false);
                            return new Outcome(Resume: SessionId is not null, ReachedReady: reachedReady, Delay: _options.ReconnectBackoffBase,
                                Reason: "dispatch queue full");
                        }

                        reachedReady |= dispatched is DispatchResult.Healthy;
                        break;
                    case GatewayOpcodes.Heartbeat:
                        // Docs: the gateway may ask for a heartbeat; send one immediately.
                        await SendHeartbeatAsync(connection, connectionCts.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpcodes.HeartbeatAck:
                        connection.Acked = true;
                        break;
                    case GatewayOpcodes.Reconnect:
                        DiscordLog.GatewayReconnectRequested(_logger);
                        await CloseQuietlyAsync(ws, ResumableCloseCode, "reconnect").ConfigureAwait(false);
                        return new Outcome(Resume: true, ReachedReady: reachedReady, Delay: null, Reason: "op 7 reconnect");
                    case GatewayOpcodes.InvalidSession:
                        var resumable = payload.D is { ValueKind: JsonValueKind.True };
                        DiscordLog.GatewayInvalidSession(_logger, resumable);
                        if (resumable)
                        {
                            await CloseQuietlyAsync(ws, ResumableCloseCode, "invalid session").ConfigureAwait(false);
                            return new Outcome(Resume: true, ReachedReady: reachedReady, Delay: null, Reason: "op 9 (resumable)");
                        }

                        ClearSession();
                        await CloseQuietlyAsync(ws, (int)WebSocketCloseStatus.NormalClosure, "invalid session").ConfigureAwait(false);
                        var min = _options.InvalidSessionDelayMin;
                        var delay = min + ((_options.InvalidSessionDelayMax - min) * _random());
                        return new Outcome(Resume: false, ReachedReady: reachedReady, Delay: delay, Reason: "op 9 (not resumable)");
                    default:
                        break;
                }
            }
        }
        catch (Exception ex) when (connection.Zombie && !cancellationToken.IsCancellationRequested &&
                                   ex is OperationCanceledException or WebSocketException or IOException)
        {
            return new Outcome(Resume: true, ReachedReady: reachedReady, Delay: null, Reason: "zombie connection");
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or WebSocketException)
        {
            throw new OperationCanceledException("The gateway is stopping.", ex, cancellationToken);
        }
        catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
        {
            // Dropped connection: resume if we have a session.
            return new Outcome(Resume: SessionId is not null, ReachedReady: reachedReady, Delay: null, Reason: "connection dropped");
        }
        finally
        {
            await connectionCts.CancelAsync().ConfigureAwait(false);
            if (heartbeat is not null)
            {
                try
                {
                    await heartbeat.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
                {
                    // The connection is over.
                }
            }

            ws.Abort();
        }
    }

    private async Task<Outcome> ClosedAsync(ClientWebSocket ws, bool reachedReady, bool identified, CancellationToken cancellationToken)
    {
        var code = (int?)ws.CloseStatus;
        DiscordLog.GatewayClosed(_logger, code, ws.CloseStatusDescription);
        if (code is { } c && GatewayCloseCodes.IsFatal(c))
        {
            var meaning = GatewayCloseCodes.Describe(c);
            DiscordLog.GatewayFatal(_logger, c, meaning);
            throw new DiscordFatalException($"Discord gateway closed with fatal code {c} ({meaning}); not reconnecting.", c);
        }

        if (code is GatewayCloseCodes.UnknownError && identified && !reachedReady)
        {
            // Docs (Gateway Close Event Codes): 4000 "Unknown error... Try reconnecting?" is reconnectable, and only 4004 means
            // a bad token. But a Discord-compatible server may answer a rejected Identify with 4000: ask REST, which answers a bad
            // token with 401 (or 400 + code 40001) and then throws DiscordAuthenticationException (fatal). Any other answer: reconnect.
            DiscordLog.GatewayCheckingToken(_logger, GatewayCloseCodes.UnknownError);
            try
            {
                await _rest.GetCurrentApplicationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordAuthenticationException ex)
            {
                DiscordLog.GatewayFatal(_logger, GatewayCloseCodes.UnknownError, "the bot token was rejected");
                throw new DiscordFatalException($"Discord gateway closed with code 4000 before READY and REST rejected the bot token: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is DiscordException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not a token problem we can prove: reconnect as usual.
            }
        }

        if (code is { } r && GatewayCloseCodes.RequiresNewSession(r))
        {
            ClearSession();
            return new Outcome(Resume: false, ReachedReady: reachedReady, Delay: null, Reason: GatewayCloseCodes.Describe(r));
        }

        return new Outcome(Resume: SessionId is not null, ReachedReady: reachedReady, Delay: null, Reason: code is null ? "closed" : GatewayCloseCodes.Describe(code.Value));
    }

    private enum DispatchResult
    {
        Queued,
        Healthy,
        QueueFull,
    }

    /// <summary>Healthy for READY / RESUMED. QueueFull when the bounded dispatch queue has no room: the event is not taken
    /// and the sequence not advanced, so a resume replays it (docs, Resuming: missed events are replayed after the sequence sent).</summary>
    private DispatchResult OnDispatch(GatewayPayload payload, ChannelWriter<GatewayDispatch> writer)
    {
        var healthy = false;
        var data = payload.D ?? default;
        if (payload.T is { } type && !writer.TryWrite(new GatewayDispatch(type, payload.S, data)))
        {
            return DispatchResult.QueueFull;
        }

        lock (_stateGate)
        {
            if (payload.S is { } s)
            {
                _sequence = s;
            }
        }

        if (payload.T == "READY" && payload.D is { } d)
        {
            var ready = d.Deserialize(DiscordJsonContext.Default.ReadyEvent)!;
            lock (_stateGate)
            {
                _sessionId = ready.SessionId;
                _resumeGatewayUrl = ready.ResumeGatewayUrl;
                _applicationId ??= ready.Application?.Id;
                _status = GatewayStatus.Ready;
            }

            DiscordLog.GatewayReady(_logger, ready.SessionId, ready.Application?.Id);
            healthy = true;
        }
        else if (payload.T == "RESUMED")
        {
            SetStatus(GatewayStatus.Ready);
            DiscordLog.GatewayResumed(_logger, SessionId, Sequence);
            healthy = true;
        }

        return healthy ? DispatchResult.Healthy : DispatchResult.Queued;
    }

    private async Task HeartbeatLoopAsync(Connection connection, TimeSpan interval, CancellationTokenSource connectionCts)
    {
        var token = connectionCts.Token;
        // Docs (Sending Heartbeats): wait heartbeat_interval * jitter (0..1) before the first beat.
        var delay = interval * _random();
        while (true)
        {
            await Task.Delay(delay, _time, token).ConfigureAwait(false);
            if (!connection.Acked)
            {
                // Docs: no ACK between two heartbeats = zombied connection; close with a non-1000 code and resume.
                DiscordLog.GatewayZombie(_logger);
                connection.Zombie = true;
                await CloseQuietlyAsync(connection.Socket, ResumableCloseCode, "zombie").ConfigureAwait(false);
                await connectionCts.CancelAsync().ConfigureAwait(false);
                return;
            }

            connection.Acked = false;
            await SendHeartbeatAsync(connection, token).ConfigureAwait(false);
            delay = interval;
        }
    }

    private Task SendHeartbeatAsync(Connection connection, CancellationToken cancellationToken)
    {
        int? sequence;
        lock (_stateGate)
        {
            sequence = _sequence;
        }

        var payload = new GatewayPayload
        {
            Op = GatewayOpcodes.Heartbeat,
            D = sequence is null ? null : JsonSerializer.SerializeToElement(sequence.Value, DiscordJsonContext.Default.Int32),
        };
        return SendPayloadAsync(connection, payload, heartbeat: true, cancellationToken);
    }

    private Task SendAsync<T>(Connection connection, int op, T data, JsonTypeInfo<T> typeInfo, bool heartbeat, CancellationToken cancellationToken) =>
        SendPayloadAsync(connection, new GatewayPayload { Op = op, D = JsonSerializer.SerializeToElement(data, typeInfo) }, heartbeat, cancellationToken);

    private static async Task SendPayloadAsync(Connection connection, GatewayPayload payload, bool heartbeat, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.GatewayPayload);
        await connection.Limiter.WaitAsync(heartbeat, cancellationToken).ConfigureAwait(false);
        await connection.SendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    /// <summary>Reads one whole message, reassembling frames until EndOfMessage, at most <paramref name="maxBytes"/>
    /// (a bigger one closes the connection with 1009 Message Too Big). Null when the server closed.</summary>
    private async Task<GatewayPayload?> ReceiveAsync(ClientWebSocket ws, Connection connection, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = connection.ReceiveBuffer;
        buffer.ResetWrittenCount();
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var result = await ws.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxBytes)
            {
                DiscordLog.GatewayMessageTooBig(_logger, maxBytes);
                await CloseQuietlyAsync(ws, (int)WebSocketCloseStatus.MessageTooBig, "message too big").ConfigureAwait(false);
                throw new DiscordException($"The gateway sent a message of more than {maxBytes} bytes (Discord:GatewayMaxMessageBytes); connection closed.");
            }
            if (result.EndOfMessage)
            {
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    throw new DiscordException("Unexpected binary gateway message (compression is not requested).");
                }

                return JsonSerializer.Deserialize(buffer.WrittenSpan, DiscordJsonContext.Default.GatewayPayload);
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket ws, int code, string reason)
    {
        if (ws.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await ws.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is already gone (or a send is in flight); Abort follows.
        }
    }

    private async Task DispatchLoopAsync(ChannelReader<GatewayDispatch> reader, CancellationToken cancellationToken)
    {
        await foreach (var dispatch in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Func<GatewayDispatch, CancellationToken, Task>[] handlers;
            lock (_handlers)
            {
                handlers = [.. _handlers];
            }

            foreach (var handler in handlers)
            {
                try
                {
                    await handler(dispatch, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    DiscordLog.DispatchHandlerFailed(_logger, ex, dispatch.Type);
                }
            }
        }
    }

    private void ClearSession()
    {
        lock (_stateGate)
        {
            _sessionId = null;
            _resumeGatewayUrl = null;
            _sequence = null;
        }
    }

    private void SetStatus(GatewayStatus status)
    {
        lock (_stateGate)
        {
            _status = status;
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Outcome(bool Resume, bool ReachedReady, TimeSpan? Delay, string Reason);

    private sealed class Connection(ClientWebSocket socket, GatewaySendLimiter limiter)
    {
        private volatile bool _acked = true;
        private volatile bool _zombie;

        public ClientWebSocket Socket { get; } = socket;

        public GatewaySendLimiter Limiter { get; } = limiter;

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public ArrayBufferWriter<byte> ReceiveBuffer { get; } = new(16 * 1024);

        public bool Acked { get => _acked; set => _acked = value; }

        public bool Zombie { get => _zombie; set => _zombie = value; }
    }
}
