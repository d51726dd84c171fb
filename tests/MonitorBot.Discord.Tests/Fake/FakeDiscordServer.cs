using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Tests.Fake;

/// <summary>
/// A fake Discord (REST API v10 + JSON gateway) on Kestrel 127.0.0.1:0 for end-to-end tests.
/// Records every REST request and every gateway payload; controls inject events and faults.
/// <code>
/// await using var fake = await FakeDiscordServer.StartAsync();
/// options.ApiBaseUrl = fake.ApiBaseUrl; options.Token = FakeDiscordServer.DefaultToken;
/// await fake.InjectInteractionAsync(json); fake.Requests ...
/// </code>
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    public const string DefaultToken = "FAKE.bot-token_SECRET.123456";
    public const string ApplicationId = "100000000000000001";
    public const string BotUserId = "100000000000000002";

    private readonly WebApplication _app;
    private readonly string _token;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly List<FaultRule> _faults = [];
    private readonly List<RateLimitRule> _rateLimits = [];
    private readonly List<BodyRule> _bodies = [];
    private int _stalled;
    private int _rejectIdentifies;
    private int _rejectIdentifyCode;
    private readonly Dictionary<string, DateTimeOffset> _exhaustedUntil = [];
    private readonly Dictionary<string, int> _sessions = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, FakeAttachment> _attachments = [];
    private readonly List<RecordedRequest> _attachmentRequests = [];
    private long _nextMessageId = 200000000000000000;
    private long _nextAttachmentId = 900000000000000000;
    private int _sessionCounter;
    private int _violations;
    private readonly List<FakeMessage> _createdMessages = [];
    private readonly Dictionary<string, FakeMessage> _byNonce = new(StringComparer.Ordinal);
    private int _nonceReplays;
    private volatile bool _frozen;

    private FakeDiscordServer(WebApplication app, string token)
    {
        _app = app;
        _token = token;
    }

    public string BaseUrl { get; private set; } = "";

    public string ApiBaseUrl => BaseUrl + "/api/v10";

    public string GatewayUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    public string ResumeGatewayUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/resume-gateway";

    /// <summary>heartbeat_interval sent in Hello (ms).</summary>
    public int HeartbeatIntervalMs { get; set; } = 45_000;

    /// <summary>session_start_limit.remaining reported by GET /gateway/bot.</summary>
    public int SessionStartRemaining { get; set; } = 999;

    /// <summary>Frames each dispatch is split into (1 = whole messages).</summary>
    public int SplitDispatchFrames { get; set; } = 1;

    /// <summary>Clock for recorded times and rate-limit enforcement (a test may share its fake time with the client).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How the gateway misbehaves for new connections (an unresponsive server); None = normal.</summary>
    public FakeGatewayStall GatewayStall { get; set; }

    /// <summary>Gateway connection attempts that the stall swallowed (counted when the request arrives).</summary>
    public int StalledHandshakes => Volatile.Read(ref _stalled);

    /// <summary>Close code sent when Identify carries a wrong token (Discord: 4004; some compatible servers send 4000).</summary>
    public int BadTokenCloseCode { get; set; } = 4004;

    /// <summary>The next <paramref name="count"/> Identify payloads (whatever their token) are answered by closing with
    /// <paramref name="code"/> (e.g. 4000, as a Discord-compatible server answers a token it rejects).</summary>
    public void RejectNextIdentify(int code, int count = 1)
    {
        lock (_gate)
        {
            _rejectIdentifyCode = code;
            _rejectIdentifies = count;
        }
    }

    /// <summary>When true a wrong REST token gets HTTP 400 {"code": 40001} instead of 401 (a Discord-compatible server's answer).</summary>
    public bool BadTokenAs400 { get; set; }

    /// <summary>Requests that arrived while their bucket was exhausted (a client bug if non-zero).</summary>
    public int RateLimitViolations => Volatile.Read(ref _violations);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>GETs of /attachments/... (the CDN side), with their headers.</summary>
    public IReadOnlyList<RecordedRequest> AttachmentRequests
    {
        get { lock (_gate) { return [.. _attachmentRequests]; } }
    }

    /// <summary>When true, attachments are served chunked (no Content-Length), so only the body reveals their size.</summary>
    public bool ChunkedAttachments { get; set; }

    /// <summary>Messages created by POST /channels/{id}/messages, in order (a nonce replay returns the existing one and adds nothing).</summary>
    public IReadOnlyList<FakeMessage> CreatedMessages
    {
        get { lock (_gate) { return [.. _createdMessages]; } }
    }

    /// <summary>Message POSTs answered with an already-created message because their nonce was seen (enforce_nonce).</summary>
    public int NonceReplays => Volatile.Read(ref _nonceReplays);

    /// <summary>How long a nonce is remembered for enforce_nonce (Discord: "the past few minutes").</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before answering a message POST; the message is created first (a kill during the delay loses only the reply).</summary>
    public TimeSpan MessagePostDelay { get; set; }

    /// <summary>While true, REST requests are accepted and read but not answered (a stopped process); they are
    /// processed when it turns false again, as a resumed process would (the client may have given up by then).</summary>
    public bool Frozen
    {
        get => _frozen;
        set => _frozen = value;
    }

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get { lock (_gate) { return [.. _connections]; } }
    }

    /// <summary>The newest connection that is still open (else the newest one).</summary>
    public FakeGatewayConnection? Current
    {
        get
        {
            lock (_gate)
            {
                return _connections.LastOrDefault(c => c.IsOpen) ?? (_connections.Count == 0 ? null : _connections[^1]);
            }
        }
    }

    public IReadOnlyCollection<string> SessionIds
    {
        get { lock (_gate) { return [.. _sessions.Keys]; } }
    }

    public static async Task<FakeDiscordServer> StartAsync(string token = DefaultToken, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscordServer(app, token);
        fake.Configure();
        await app.StartAsync(cancellationToken);
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    // ---------- REST controls ----------

    /// <summary>The next <paramref name="count"/> requests whose method matches and path contains <paramref name="pathContains"/>
    /// get <paramref name="status"/> (429: bucket or global rate limit with retry_after; 5xx: server error).</summary>
    public void FailNext(string method, string pathContains, int count, int status = 429, bool global = false, double retryAfterSeconds = 0.05)
    {
        lock (_gate)
        {
            _faults.Add(new FaultRule(method, pathContains, status, global, retryAfterSeconds) { Count = count });
        }
    }

    /// <summary>The next <paramref name="count"/> matching requests are answered with exactly this status and body
    /// (e.g. 200 with an empty or field-less body, 400 refusing a deferral). <paramref name="bodyContains"/> narrows the match.</summary>
    public void RespondNext(string method, string pathContains, int count, int status, string body, string? bodyContains = null)
    {
        lock (_gate)
        {
            _bodies.Add(new BodyRule(method, pathContains, status, body, bodyContains, Abort: false) { Count = count });
        }
    }

    /// <summary>The next <paramref name="count"/> matching requests are read whole, recorded, then the connection is cut
    /// without an answer: the request reached the server, the client sees a network error.</summary>
    public void AbortNext(string method, string pathContains, int count)
    {
        lock (_gate)
        {
            _bodies.Add(new BodyRule(method, pathContains, 0, "", null, Abort: true) { Count = count });
        }
    }

    /// <summary>The next <paramref name="count"/> successful matching responses carry these rate-limit headers.</summary>
    public void SetRateLimit(string method, string pathContains, int remaining, double resetAfterSeconds, string bucket = "fakebucket", int limit = 5, int count = 1)
    {
        lock (_gate)
        {
            _rateLimits.Add(new RateLimitRule(method, pathContains, limit, remaining, resetAfterSeconds, bucket) { Count = count });
        }
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathContains) =>
        Requests.Where(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal)).ToList();

    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan? timeout = null)
    {
        RecordedRequest? found = null;
        await WaitUntilAsync(() => (found = Requests.FirstOrDefault(r => r.Status != 0 && predicate(r))) is not null, timeout);
        return found!;
    }

    // ---------- Attachments (CDN) ----------

    /// <summary>Stores a file served at {BaseUrl}/attachments/{id}/{filename} (no auth, like a pre-signed CDN URL)
    /// and returns its attachment object as Discord would put it in data.resolved.attachments.</summary>
    public Attachment AddAttachment(string filename, byte[] content, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = Interlocked.Increment(ref _nextAttachmentId).ToString(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _attachments[id] = new FakeAttachment(filename, content, contentType);
        }

        var url = $"{BaseUrl}/attachments/{id}/{Uri.EscapeDataString(filename)}?ex=fake&is=fake&hm=signature";
        return new Attachment
        {
            Id = id,
            Filename = filename,
            Size = content.LongLength,
            ContentType = contentType,
            Url = url,
            ProxyUrl = url,
        };
    }

    /// <summary>{"attachments":{id: attachment, ...}}: the data.resolved JSON for <see cref="InteractionJson"/>.</summary>
    public static string ResolvedAttachmentsJson(params Attachment[] attachments) =>
        JsonSerializer.Serialize(
            new InteractionResolved { Attachments = attachments.ToDictionary(a => a.Id, a => a) },
            DiscordJsonContext.Default.InteractionResolved);

    // ---------- Gateway controls ----------

    public Task<FakeGatewayConnection> WaitForConnectionAsync(int count, TimeSpan? timeout = null) =>
        WaitForAsync(() => Connections.Count >= count ? Connections[count - 1] : null, timeout);

    /// <summary>Waits until the connection has received a payload with this op (and optional predicate); returns it.</summary>
    public static async Task<JsonElement> WaitForOpAsync(FakeGatewayConnection connection, int op, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var found = await WaitForAsync<JsonElement?>(() => connection.ReceivedOp(op) is [var first, ..] ? first : null, timeout);
        return found!.Value;
    }

    public Task SendDispatchAsync(string type, string dataJson) => SendDispatchAsync(RequireCurrent(), type, dataJson);

    public async Task SendDispatchAsync(FakeGatewayConnection connection, string type, string dataJson)
    {
        var session = SessionOf(connection);
        int seq;
        lock (_gate)
        {
            seq = session is null ? 1 : ++CollectionsMarshalRef(session);
        }

        await connection.SendRawAsync($"{{\"op\":0,\"s\":{seq},\"t\":\"{type}\",\"d\":{dataJson}}}", SplitDispatchFrames, _stopping.Token);
    }

    public Task InjectInteractionAsync(string interactionJson) => SendDispatchAsync("INTERACTION_CREATE", interactionJson);

    public Task SendReconnectAsync() => SendControlAsync("{\"op\":7,\"d\":null}");

    public Task SendInvalidSessionAsync(bool resumable) =>
        SendControlAsync($"{{\"op\":9,\"d\":{(resumable ? "true" : "false")}}}");

    public Task RequestHeartbeatAsync() => SendControlAsync("{\"op\":1,\"d\":null}");

    /// <summary>
    /// Sends a control frame to the newest open connection. On a loaded machine the connection a test just saw can be
    /// closing when the frame goes out (the socket is torn down under it): wait for an open one and try again, a few times.
    /// </summary>
    private async Task SendControlAsync(string json)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = RequireCurrent();
            try
            {
                await connection.SendRawAsync(json, 1, _stopping.Token);
                return;
            }
            catch (Exception ex) when (attempt < 5 && ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                await Task.Delay(50 * attempt, _stopping.Token);
            }
        }
    }

    public Task CloseGatewayAsync(int code, string reason = "closed by test") => RequireCurrent().CloseAsync(code, reason, _stopping.Token);

    /// <summary>The current connection stops answering heartbeats (a zombie). New connections ACK again.</summary>
    public void StopAckingHeartbeats() => RequireCurrent().AckHeartbeats = false;

    /// <summary>Forgets every session: a Resume is then answered with op 9 d=false.</summary>
    public void InvalidateSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    public static string InteractionJson(string name, string optionsJson = "[]", int type = 2, string id = "300000000000000001",
        string token = "interaction-token-abc", string permissions = "0", string userId = "400000000000000001", string? customId = null,
        string? resolvedJson = null) =>
        $$"""
        {"id":"{{id}}","application_id":"{{ApplicationId}}","type":{{type}},"token":"{{token}}","version":1,
         "guild_id":"500000000000000001","channel_id":"600000000000000001",
         "member":{"user":{"id":"{{userId}}","username":"tester"},"roles":["700000000000000001"],"permissions":"{{permissions}}"},
         "data":{{(customId is null
             ? $$"""{"id":"800000000000000001","name":"{{name}}","type":1,"options":{{optionsJson}}{{(resolvedJson is null ? "" : ",\"resolved\":" + resolvedJson)}}}"""
             : $$"""{"custom_id":"{{customId}}","component_type":2}""")}}}
        """;

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Condition not met in time.");
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan? timeout = null)
    {
        T? value = default;
        await WaitUntilAsync(() => (value = probe()) is not null, timeout);
        return value!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var c in Connections)
        {
            c.Abort();
        }

        await _app.StopAsync(CancellationToken.None);
        foreach (var c in Connections)
        {
            c.Dispose();
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    // ---------- implementation ----------

    private FakeGatewayConnection RequireCurrent() => Current ?? throw new InvalidOperationException("No gateway connection yet.");

    private readonly Dictionary<FakeGatewayConnection, string> _connectionSessions = [];

    private string? SessionOf(FakeGatewayConnection connection)
    {
        lock (_gate)
        {
            return _connectionSessions.TryGetValue(connection, out var s) ? s : null;
        }
    }

    private ref int CollectionsMarshalRef(string session) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_sessions, session, out _);

    private void Configure()
    {
        _app.UseWebSockets();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/v10", StringComparison.Ordinal))
            {
                await HandleRestAsync(context, next);
            }
            else
            {
                await next(context);
            }
        });

        var api = _app.MapGroup("/api/v10");
        api.MapGet("/gateway/bot", () => Results.Content(
            $$$"""{"url":"{{{GatewayUrl}}}","shards":1,"session_start_limit":{"total":1000,"remaining":{{{SessionStartRemaining}}},"reset_after":1000,"max_concurrency":1}}""",
            "application/json"));
        api.MapGet("/oauth2/applications/@me", () => Results.Content($$"""{"id":"{{ApplicationId}}","name":"FakeBot"}""", "application/json"));
        api.MapPut("/applications/{app}/commands", (HttpRequest r, CancellationToken ct) => EchoAsync(r, ct));
        api.MapPut("/applications/{app}/guilds/{guild}/commands", (HttpRequest r, CancellationToken ct) => EchoAsync(r, ct));
        api.MapPost("/interactions/{id}/{token}/callback", () => Results.NoContent());
        api.MapPatch("/webhooks/{app}/{token}/messages/@original", (string app) => MessageResult(null));
        api.MapDelete("/webhooks/{app}/{token}/messages/@original", () => Results.NoContent());
        api.MapPost("/webhooks/{app}/{token}", (string app) => MessageResult(null));
        api.MapPost("/channels/{channel}/messages", (string channel, HttpContext context) => CreateMessageAsync(channel, context));
        api.MapPatch("/channels/{channel}/messages/{message}", (string channel) => MessageResult(channel));

        _app.MapGet("/attachments/{id}/{filename}", (HttpContext context, string id) => AttachmentAsync(context, id));
        _app.Map("/gateway", context => GatewayAsync(context));
        _app.Map("/resume-gateway", context => GatewayAsync(context));
    }

    private static async Task<IResult> EchoAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        return Results.Content(await reader.ReadToEndAsync(cancellationToken), "application/json");
    }

    private IResult MessageResult(string? channel)
    {
        var id = Interlocked.Increment(ref _nextMessageId);
        return Results.Content($$"""{"id":"{{id}}","channel_id":"{{channel ?? "600000000000000001"}}","content":""}""", "application/json");
    }

    /// <summary>Discord's create message: with a nonce and enforce_nonce, a nonce already used within <see cref="NonceWindow"/>
    /// returns the message created then instead of a new one.</summary>
    private async Task<IResult> CreateMessageAsync(string channel, HttpContext context)
    {
        var recorded = context.Items[typeof(RecordedRequest)] as RecordedRequest;
        string? nonce = null;
        var enforce = false;
        try
        {
            using var doc = JsonDocument.Parse(recorded?.Json is { Length: > 0 } json ? json : "{}");
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("nonce", out var n))
                    nonce = n.ValueKind == JsonValueKind.String ? n.GetString() : n.GetRawText();
                enforce = doc.RootElement.TryGetProperty("enforce_nonce", out var e) && e.ValueKind == JsonValueKind.True;
            }
        }
        catch (JsonException)
        {
            // Not JSON: no nonce.
        }

        FakeMessage? message;
        var now = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            if (enforce && nonce is not null && _byNonce.TryGetValue(nonce, out var existing) && now - existing.CreatedAt < NonceWindow)
            {
                message = existing;
                _nonceReplays++;
            }
            else
            {
                var id = Interlocked.Increment(ref _nextMessageId).ToString(CultureInfo.InvariantCulture);
                message = new FakeMessage(id, channel, nonce, recorded?.Json ?? "", now);
                _createdMessages.Add(message);
                if (nonce is not null) _byNonce[nonce] = message;
            }
        }

        if (MessagePostDelay > TimeSpan.Zero)
        {
            await Task.Delay(MessagePostDelay, _stopping.Token);
        }

        return Results.Content($$"""{"id":"{{message.Id}}","channel_id":"{{channel}}","content":"","nonce":{{JsonSerializer.Serialize(message.Nonce)}}}""", "application/json");
    }

    private async Task HandleRestAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        request.Body.Position = 0;
        var fields = new Dictionary<string, string>();
        var files = new List<RecordedFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            foreach (var (name, value) in form)
            {
                fields[name] = value.ToString();
            }

            foreach (var file in form.Files)
            {
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms, context.RequestAborted);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, ms.ToArray()));
            }

            request.Body.Position = 0;
        }

        var path = request.Path.Value!["/api/v10".Length..];
        var recorded = new RecordedRequest(
            request.Method, path, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body, request.ContentType, fields, files, Clock.GetUtcNow());
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        context.Items[typeof(RecordedRequest)] = recorded;
        while (_frozen && !_stopping.IsCancellationRequested)
        {
            await Task.Delay(20, _stopping.Token);
        }

        var response = context.Response;
        response.Headers["X-RateLimit-Bucket"] = "default-" + request.Method;
        response.Headers["X-RateLimit-Limit"] = "50";
        response.Headers["X-RateLimit-Remaining"] = "49";
        response.Headers["X-RateLimit-Reset-After"] = "1.000";

        if (request.Headers.Authorization.ToString() != "Bot " + _token)
        {
            if (BadTokenAs400)
            {
                await WriteAsync(context, recorded, 400, """{"message":"401: Unauthorized","code":40001}""");
            }
            else
            {
                await WriteAsync(context, recorded, 401, """{"message":"401: Unauthorized","code":0}""");
            }

            return;
        }

        BodyRule? bodyRule;
        lock (_gate)
        {
            bodyRule = _bodies.FirstOrDefault(b => b.Count > 0 && b.Method == request.Method && path.Contains(b.PathContains, StringComparison.Ordinal)
                && (b.BodyContains is null || recorded.Json.Contains(b.BodyContains, StringComparison.Ordinal)));
            if (bodyRule is not null)
            {
                bodyRule.Count--;
            }
        }

        if (bodyRule is { Abort: true })
        {
            recorded.Status = -1;
            context.Abort();
            return;
        }

        if (bodyRule is not null)
        {
            context.Response.StatusCode = bodyRule.Status;
            if (bodyRule.Body.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(bodyRule.Body, context.RequestAborted);
            }

            recorded.Status = bodyRule.Status;
            return;
        }

        var key = request.Method + " " + path;
        FaultRule? fault;
        RateLimitRule? rateLimit;
        bool violation;
        lock (_gate)
        {
            violation = _exhaustedUntil.TryGetValue(key, out var until) && Clock.GetUtcNow() < until;
            fault = _faults.FirstOrDefault(f => f.Count > 0 && f.Method == request.Method && path.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null && !violation)
            {
                fault.Count--;
            }

            rateLimit = _rateLimits.FirstOrDefault(r => r.Count > 0 && r.Method == request.Method && path.Contains(r.PathContains, StringComparison.Ordinal));
        }

        if (violation)
        {
            Interlocked.Increment(ref _violations);
            response.Headers["X-RateLimit-Remaining"] = "0";
            await WriteAsync(context, recorded, 429, """{"message":"You are being rate limited.","retry_after":0.05,"global":false}""");
            return;
        }

        if (fault is not null)
        {
            if (fault.Status == 429)
            {
                var retry = fault.RetryAfterSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                response.Headers["Retry-After"] = Math.Ceiling(fault.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                response.Headers["X-RateLimit-Remaining"] = "0";
                response.Headers["X-RateLimit-Reset-After"] = retry;
                if (fault.Global)
                {
                    response.Headers["X-RateLimit-Global"] = "true";
                    response.Headers["X-RateLimit-Scope"] = "global";
                }
                else
                {
                    response.Headers["X-RateLimit-Scope"] = "user";
                }

                await WriteAsync(context, recorded, 429,
                    $$"""{"message":"You are being rate limited.","retry_after":{{retry}},"global":{{(fault.Global ? "true" : "false")}}}""");
            }
            else
            {
                await WriteAsync(context, recorded, fault.Status, "<html>upstream error</html>", "text/html");
            }

            return;
        }

        if (rateLimit is not null)
        {
            lock (_gate)
            {
                rateLimit.Count--;
                if (rateLimit.Remaining == 0)
                {
                    _exhaustedUntil[key] = Clock.GetUtcNow() + TimeSpan.FromSeconds(rateLimit.ResetAfterSeconds);
                }
            }

            response.Headers["X-RateLimit-Bucket"] = rateLimit.Bucket;
            response.Headers["X-RateLimit-Limit"] = rateLimit.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Remaining"] = rateLimit.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset-After"] = rateLimit.ResetAfterSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        }

        response.OnStarting(() =>
        {
            recorded.Status = response.StatusCode;
            return Task.CompletedTask;
        });
        await next(context);
        recorded.Status = response.StatusCode;
    }

    private async Task AttachmentAsync(HttpContext context, string id)
    {
        var request = context.Request;
        var recorded = new RecordedRequest(
            request.Method, request.Path.Value!, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            "", request.ContentType, new Dictionary<string, string>(), [], Clock.GetUtcNow());
        FakeAttachment? attachment;
        lock (_gate)
        {
            _attachmentRequests.Add(recorded);
            attachment = _attachments.GetValueOrDefault(id);
        }

        if (attachment is null)
        {
            await WriteAsync(context, recorded, 404, "<Error><Code>NoSuchKey</Code></Error>", "application/xml");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = attachment.ContentType;
        if (!ChunkedAttachments)
        {
            context.Response.ContentLength = attachment.Content.Length;
        }

        recorded.Status = 200;
        await context.Response.Body.WriteAsync(attachment.Content, context.RequestAborted);
    }

    private sealed record FakeAttachment(string FileName, byte[] Content, string ContentType);

    private static async Task WriteAsync(HttpContext context, RecordedRequest recorded, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
        recorded.Status = status;
    }

    private async Task GatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var stall = GatewayStall;
        if (stall == FakeGatewayStall.NoUpgrade)
        {
            // TCP accepted, the HTTP upgrade request read, and never an answer.
            Interlocked.Increment(ref _stalled);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // Client gave up or the server is stopping.
            }

            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewayConnection connection;
        lock (_gate)
        {
            connection = new FakeGatewayConnection(socket, context.Request.Path.Value!, context.Request.QueryString.Value ?? "", _connections.Count)
            {
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                IgnoreHandshake = stall == FakeGatewayStall.NoReady,
            };
            _connections.Add(connection);
        }

        var token = _stopping.Token;
        try
        {
            if (stall == FakeGatewayStall.NoHello)
            {
                Interlocked.Increment(ref _stalled);
            }
            else
            {
                if (stall == FakeGatewayStall.NoReady)
                {
                    Interlocked.Increment(ref _stalled);
                }

                await connection.SendRawAsync($$"""{"op":10,"d":{"heartbeat_interval":{{HeartbeatIntervalMs}}},"s":null,"t":null}""", 1, token);
            }
            var buffer = new byte[4096];
            using var message = new MemoryStream();
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.ClientCloseCode = (int?)result.CloseStatus;
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var payload = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                connection.Record(payload);
                await OnClientPayloadAsync(connection, payload, token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Client went away or the server is stopping.
        }
    }

    private async Task OnClientPayloadAsync(FakeGatewayConnection connection, JsonElement payload, CancellationToken token)
    {
        var op = payload.GetProperty("op").GetInt32();
        var d = payload.TryGetProperty("d", out var data) ? data : default;
        switch (op)
        {
            case 1:
                if (connection.AckHeartbeats)
                {
                    await connection.SendRawAsync("""{"op":11,"d":null}""", 1, token);
                }

                break;
            case 2 or 6 when connection.IgnoreHandshake:
                break;
            case 2:
                int rejectWith;
                lock (_gate)
                {
                    rejectWith = _rejectIdentifies > 0 ? _rejectIdentifyCode : 0;
                    _rejectIdentifies = Math.Max(0, _rejectIdentifies - 1);
                }

                if (rejectWith != 0)
                {
                    await connection.CloseAsync(rejectWith, "Identify rejected by test.", token);
                    return;
                }

                if (d.GetProperty("token").GetString() != _token)
                {
                    await connection.CloseAsync(BadTokenCloseCode, "Authentication failed.", token);
                    return;
                }

                string session;
                lock (_gate)
                {
                    session = "session-" + (++_sessionCounter).ToString(CultureInfo.InvariantCulture);
                    _sessions[session] = 0;
                    _connectionSessions[connection] = session;
                }

                await SendDispatchAsync(connection, "READY",
                    $$$"""{"v":10,"user":{"id":"{{{BotUserId}}}","username":"FakeBot","bot":true},"guilds":[],"session_id":"{{{session}}}","resume_gateway_url":"{{{ResumeGatewayUrl}}}","application":{"id":"{{{ApplicationId}}}","flags":0}}""");
                break;
            case 6:
                var sessionId = d.GetProperty("session_id").GetString()!;
                bool known;
                lock (_gate)
                {
                    known = d.GetProperty("token").GetString() == _token && _sessions.ContainsKey(sessionId);
                    if (known)
                    {
                        _connectionSessions[connection] = sessionId;
                    }
                }

                if (known)
                {
                    await SendDispatchAsync(connection, "RESUMED", "{}");
                }
                else
                {
                    await connection.SendRawAsync("""{"op":9,"d":false}""", 1, token);
                }

                break;
            default:
                break;
        }
    }
}

/// <summary>Ways the fake gateway can be unresponsive, for handshake timeout tests.</summary>
public enum FakeGatewayStall
{
    None,

    /// <summary>Accepts the TCP connection and reads the upgrade request, never answers it.</summary>
    NoUpgrade,

    /// <summary>Completes the WebSocket handshake, never sends Hello.</summary>
    NoHello,

    /// <summary>Sends Hello and ACKs heartbeats, never answers Identify or Resume.</summary>
    NoReady,
}
