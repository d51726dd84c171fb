using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Rest;

/// <summary>
/// Discord REST API v10 client (typed HttpClient; rate limits live in <see cref="DiscordRateLimitHandler"/>).
/// Every message body carries allowed_mentions (default {"parse": []}) so feed text can never ping anyone.
/// </summary>
public sealed class DiscordRestClient
{
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly string _baseUrl;
    private string? _applicationId;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options)
    {
        _http = http;
        _options = options.Value;
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        _applicationId = string.IsNullOrWhiteSpace(_options.ApplicationId) ? null : _options.ApplicationId;
        if (_options.HasToken)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
        }

        // Docs (Reference, User Agent): "DiscordBot ($url, $versionNumber)".
        _http.DefaultRequestHeaders.UserAgent.Clear();
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", _options.BuildUserAgent());
    }

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "gateway/bot", null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken);

    public async Task<Application> GetCurrentApplicationAsync(CancellationToken cancellationToken)
    {
        var app = await SendAsync(HttpMethod.Get, "oauth2/applications/@me", null, DiscordJsonContext.Default.Application, cancellationToken).ConfigureAwait(false);
        _applicationId ??= app.Id;
        return app;
    }

    /// <summary>Application id from options, else from GET /oauth2/applications/@me (cached).</summary>
    public async Task<string> GetApplicationIdAsync(CancellationToken cancellationToken)
    {
        if (_applicationId is { } id)
        {
            return id;
        }

        return (await GetCurrentApplicationAsync(cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>PUT /applications/{app}/commands: replaces all global commands (idempotent).</summary>
    public Task<List<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(string applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"applications/{Id(applicationId)}/commands", Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand),
            DiscordJsonContext.Default.ListApplicationCommand, cancellationToken);

    /// <summary>PUT /applications/{app}/guilds/{guild}/commands: replaces the guild's commands (updates are instant).</summary>
    public Task<List<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(string applicationId, string guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands", Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand),
            DiscordJsonContext.Default.ListApplicationCommand, cancellationToken);

    /// <summary>One bulk overwrite: to Discord:GuildId when set, else global.</summary>
    public async Task<List<ApplicationCommand>> RegisterCommandsAsync(IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        var app = await GetApplicationIdAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(_options.GuildId)
            ? await BulkOverwriteGlobalCommandsAsync(app, commands, cancellationToken).ConfigureAwait(false)
            : await BulkOverwriteGuildCommandsAsync(app, _options.GuildId, commands, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /interactions/{id}/{token}/callback (must happen within 3 s of the interaction).</summary>
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionCallback callback, CancellationToken cancellationToken) =>
        CreateInteractionResponseAsync(interactionId, interactionToken, callback, null, cancellationToken);

    /// <summary>POST /interactions/{id}/{token}/callback, JSON or, when <paramref name="files"/> are given (message
    /// callbacks 4 and 7), multipart: payload_json holds the callback with data.attachments (id n = files[n]).</summary>
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionCallback callback, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        CreateInteractionResponseAsync(interactionId, interactionToken, callback, files, null, cancellationToken);

    /// <summary>As above; the request is neither sent nor retried after <paramref name="deadline"/> (docs, Receiving and
    /// Responding: "you must send an initial response within 3 seconds of receiving the event. If the 3 second deadline is
    /// exceeded, the token will be invalidated"): a 429 whose retry_after ends past it throws
    /// <see cref="DiscordDeadlineExceededException"/> instead of waiting.</summary>
    public async Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionCallback callback, IReadOnlyList<FileAttachment>? files,
        DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (callback.Data is { } data && data.Choices is null && callback.Type != InteractionCallbackTypes.DeferredChannelMessageWithSource
            && callback.Type != InteractionCallbackTypes.DeferredUpdateMessage)
        {
            callback = callback with { Data = data with { AllowedMentions = data.AllowedMentions ?? AllowedMentions.None } };
        }

        HttpContent content;
        if (files is { Count: > 0 })
        {
            var callbackData = callback.Data ?? new InteractionCallbackData { AllowedMentions = AllowedMentions.None };
            callback = callback with { Data = callbackData with { Attachments = callbackData.Attachments ?? AttachmentInfos(files) } };
            content = Multipart(Json(callback, DiscordJsonContext.Default.InteractionCallback), files);
        }
        else
        {
            content = Json(callback, DiscordJsonContext.Default.InteractionCallback);
        }

        using var response = await SendRawAsync(HttpMethod.Post, $"interactions/{Id(interactionId)}/{Tok(interactionToken)}/callback",
            content, false, deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original (the deferred or first reply).</summary>
    public Task<Message> EditOriginalInteractionResponseAsync(string applicationId, string interactionToken, MessagePayload payload, CancellationToken cancellationToken) =>
        EditOriginalInteractionResponseAsync(applicationId, interactionToken, payload, null, cancellationToken);

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original, multipart (payload_json + files[n]) when files are given.</summary>
    public Task<Message> EditOriginalInteractionResponseAsync(string applicationId, string interactionToken, MessagePayload payload, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        EditOriginalInteractionResponseAsync(applicationId, interactionToken, payload, files, null, cancellationToken);

    /// <summary>As above, never sent or retried after <paramref name="deadline"/> (the interaction token's 15 minutes).</summary>
    public Task<Message> EditOriginalInteractionResponseAsync(string applicationId, string interactionToken, MessagePayload payload, IReadOnlyList<FileAttachment>? files,
        DateTimeOffset? deadline, CancellationToken cancellationToken) =>
        SendMessageAsync(HttpMethod.Patch, $"webhooks/{Id(applicationId)}/{Tok(interactionToken)}/messages/@original", payload, files, deadline, cancellationToken);

    /// <summary>DELETE /webhooks/{app}/{token}/messages/@original.</summary>
    public Task DeleteOriginalInteractionResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken) =>
        DeleteOriginalInteractionResponseAsync(applicationId, interactionToken, null, cancellationToken);

    /// <summary>As above, never sent or retried after <paramref name="deadline"/>.</summary>
    public async Task DeleteOriginalInteractionResponseAsync(string applicationId, string interactionToken, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"webhooks/{Id(applicationId)}/{Tok(interactionToken)}/messages/@original", null, false, deadline,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /webhooks/{app}/{token} (a followup message; flags 64 makes it ephemeral).</summary>
    public Task<Message> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload payload, CancellationToken cancellationToken) =>
        CreateFollowupMessageAsync(applicationId, interactionToken, payload, null, cancellationToken);

    /// <summary>POST /webhooks/{app}/{token}, multipart (payload_json + files[n]) when files are given.</summary>
    public Task<Message> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload payload, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        CreateFollowupMessageAsync(applicationId, interactionToken, payload, files, null, cancellationToken);

    /// <summary>As above, never sent or retried after <paramref name="deadline"/> (the interaction token's 15 minutes).
    /// A follow-up carries no nonce, so it is not retried after an error that may have reached Discord.</summary>
    public Task<Message> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload payload, IReadOnlyList<FileAttachment>? files,
        DateTimeOffset? deadline, CancellationToken cancellationToken) =>
        SendMessageAsync(HttpMethod.Post, $"webhooks/{Id(applicationId)}/{Tok(interactionToken)}", payload, files, deadline, cancellationToken);

    /// <summary>POST /channels/{channel}/messages, JSON or multipart (payload_json + files[n]) when files are given.</summary>
    public Task<Message> CreateMessageAsync(string channelId, MessagePayload payload, IReadOnlyList<FileAttachment>? files, CancellationToken cancellationToken) =>
        SendMessageAsync(HttpMethod.Post, $"channels/{Id(channelId)}/messages", payload, files, null, cancellationToken);

    public Task<Message> CreateMessageAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken) =>
        CreateMessageAsync(channelId, payload, null, cancellationToken);

    /// <summary>PATCH /channels/{channel}/messages/{message}.</summary>
    public Task<Message> EditMessageAsync(string channelId, string messageId, MessagePayload payload, CancellationToken cancellationToken) =>
        SendMessageAsync(HttpMethod.Patch, $"channels/{Id(channelId)}/messages/{Id(messageId)}", payload, null, null, cancellationToken);

    private Task<Message> SendMessageAsync(HttpMethod method, string path, MessagePayload payload, IReadOnlyList<FileAttachment>? files, DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        payload = payload with { AllowedMentions = payload.AllowedMentions ?? AllowedMentions.None };
        HttpContent content;
        if (files is { Count: > 0 })
        {
            payload = payload with { Attachments = payload.Attachments ?? AttachmentInfos(files) };
            content = Multipart(Json(payload, DiscordJsonContext.Default.MessagePayload), files);
        }
        else
        {
            content = Json(payload, DiscordJsonContext.Default.MessagePayload);
        }

        var enforcedNonce = !string.IsNullOrEmpty(payload.Nonce) && payload.EnforceNonce == true;
        return SendAsync(method, path, content, DiscordJsonContext.Default.Message, enforcedNonce, deadline, cancellationToken);
    }

    private Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        SendAsync(method, path, content, typeInfo, false, null, cancellationToken);

    /// <summary>A 2xx whose body is empty, not JSON or lacks a required field throws <see cref="DiscordUnreadableResponseException"/>:
    /// the request succeeded, so callers that made it safe to repeat (nonce) can count it as done.</summary>
    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, bool enforcedNonce, DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, enforcedNonce, deadline, cancellationToken).ConfigureAwait(false);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or DecoderFallbackException)
        {
            throw new DiscordUnreadableResponseException(response.StatusCode, DiscordRoute.Parse(method.Method, path).Display, ex);
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new DiscordUnreadableResponseException(response.StatusCode, DiscordRoute.Parse(method.Method, path).Display);
        }
        catch (JsonException ex)
        {
            throw new DiscordUnreadableResponseException(response.StatusCode, DiscordRoute.Parse(method.Method, path).Display, ex);
        }
    }

    private Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendRawAsync(method, path, content, false, null, cancellationToken);

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, bool enforcedNonce, DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        if (!_options.HasToken)
        {
            content?.Dispose();
            throw new InvalidOperationException("Discord:Token is not configured.");
        }

        using var request = new HttpRequestMessage(method, new Uri(_baseUrl + "/" + path, UriKind.Absolute)) { Content = content };
        if (enforcedNonce)
        {
            request.Options.Set(DiscordRequestOptions.CarriesEnforcedNonce, true);
        }

        if (deadline is { } d)
        {
            request.Options.Set(DiscordRequestOptions.Deadline, d);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var route = DiscordRoute.Parse(method.Method, path).Display;
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            DiscordErrorBody? error = null;
            try
            {
                error = text.Length > 0 ? JsonSerializer.Deserialize(text, DiscordJsonContext.Default.DiscordErrorBody) : null;
            }
            catch (JsonException)
            {
                // Not JSON (e.g. a proxy's HTML page): status alone.
            }

            throw new DiscordHttpException(response.StatusCode, error?.Code, error?.Message, route);
        }
    }

    private static AttachmentInfo[] AttachmentInfos(IReadOnlyList<FileAttachment> files) =>
        files.Select((f, i) => new AttachmentInfo { Id = i, Filename = f.FileName, Description = f.Description }).ToArray();

    /// <summary>Docs (Uploading Files): multipart/form-data with the JSON body as payload_json and files[n].</summary>
    private static MultipartFormDataContent Multipart(StringContent payloadJson, IReadOnlyList<FileAttachment> files)
    {
        var form = new MultipartFormDataContent { { payloadJson, "payload_json" } };
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ByteArrayContent(files[i].Content.ToArray());
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
            form.Add(file, $"files[{i}]", files[i].FileName);
        }

        return form;
    }

    private static StringContent Json<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    private static string Id(string id) =>
        Snowflake.IsValid(id) ? id : throw new ArgumentException("Not a Discord snowflake id.", nameof(id));

    private static string Tok(string token) =>
        !string.IsNullOrEmpty(token) && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? token
            : throw new ArgumentException("Not a valid interaction token.", nameof(token));
}
