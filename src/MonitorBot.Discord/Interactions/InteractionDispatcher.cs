using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Gateway;
using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord.Interactions;

public delegate Task<InteractionResponse> InteractionHandler(InteractionContext context, CancellationToken cancellationToken);

public delegate Task<IReadOnlyList<ApplicationCommandOptionChoice>> AutocompleteHandler(InteractionContext context, CancellationToken cancellationToken);

/// <summary>
/// Routes INTERACTION_CREATE to registered handlers: chat-input commands by "name [group] [sub]", autocomplete
/// (answered with type 8 and at most 25 choices) and message components by custom_id prefix.
/// Docs (Receiving and Responding): the first response must arrive within 3 s; tokens then stay valid 15 min.
/// So the handler runs while a timer counts down <see cref="DiscordOptions.InteractionDeferThreshold"/>:
/// a fast handler is answered directly (type 4, or 7 for a component update); a slow one is deferred (type 5,
/// or 6 for a component update) and its result PATCHed to @original. Failures become an ephemeral message.
/// <see cref="InteractionResponse.Files"/> travel with whichever request carries the message (multipart).
/// </summary>
public sealed class InteractionDispatcher
{
    /// <summary>Docs: autocomplete responses carry at most 25 choices; names and string values at most 100 chars.</summary>
    public const int MaxChoices = 25;

    /// <summary>Docs (Receiving and Responding): "you must send an initial response within 3 seconds of receiving the event.
    /// If the 3 second deadline is exceeded, the token will be invalidated."</summary>
    public static readonly TimeSpan InitialResponseDeadline = TimeSpan.FromSeconds(3);

    /// <summary>Docs (Receiving and Responding): "Interaction tokens are valid for 15 minutes".</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private const int MaxChoiceLength = 100;
    private const string GenericError = "Something went wrong while handling this command. Please try again later.";

    private readonly DiscordRestClient _rest;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Route> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AutocompleteHandler> _autocomplete = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Route> _components = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    public InteractionDispatcher(DiscordRestClient rest, IOptions<DiscordOptions> options, TimeProvider time, ILogger<InteractionDispatcher>? logger = null)
    {
        _rest = rest;
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Registers a command handler for "name", "name sub" or "name group sub". A handler for "name"
    /// also receives subcommands that have no handler of their own. <paramref name="ephemeral"/> decides the
    /// deferred reply's visibility (it must be chosen before the handler finishes).</summary>
    public InteractionDispatcher Map(string commandPath, InteractionHandler handler, bool ephemeral = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPath);
        ArgumentNullException.ThrowIfNull(handler);
        _commands[Normalise(commandPath)] = new Route(handler, ephemeral, UpdatesMessage: false);
        return this;
    }

    public InteractionDispatcher MapAutocomplete(string commandPath, AutocompleteHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPath);
        ArgumentNullException.ThrowIfNull(handler);
        _autocomplete[Normalise(commandPath)] = handler;
        return this;
    }

    /// <summary>Registers a button handler for custom_ids starting with <paramref name="customIdPrefix"/> (longest prefix wins).
    /// <paramref name="updatesMessage"/>: a slow handler is deferred with type 6 (edit the button's message) instead of 5.</summary>
    public InteractionDispatcher MapComponent(string customIdPrefix, InteractionHandler handler, bool ephemeral = false, bool updatesMessage = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(customIdPrefix);
        ArgumentNullException.ThrowIfNull(handler);
        _components[customIdPrefix] = new Route(handler, ephemeral, updatesMessage);
        return this;
    }

    /// <summary>Registers <see cref="OnDispatchAsync"/> on the gateway.</summary>
    public void Attach(DiscordGatewayClient gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        gateway.AddDispatchHandler(OnDispatchAsync);
    }

    /// <summary>Gateway dispatch handler: starts handling INTERACTION_CREATE in the background and returns at once,
    /// so one slow command never delays the next interaction.</summary>
    public Task OnDispatchAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        if (dispatch.Type != "INTERACTION_CREATE")
        {
            return Task.CompletedTask;
        }

        var interaction = dispatch.Data.Deserialize(DiscordJsonContext.Default.Interaction);
        if (interaction is null)
        {
            return Task.CompletedTask;
        }

        var task = Task.Run(() => HandleAsync(interaction, cancellationToken), CancellationToken.None);
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    /// <summary>Completes when every interaction started by <see cref="OnDispatchAsync"/> has been answered.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_inFlight.Keys);

    /// <summary>Handles one interaction completely (answer, defer, edit). Never throws for handler or HTTP failures.</summary>
    public async Task HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var receivedAt = _time.GetUtcNow();
        var deadlines = new Deadlines(receivedAt + InitialResponseDeadline, receivedAt + TokenLifetime);
        try
        {
            var context = new InteractionContext(interaction);
            switch (interaction.Type)
            {
                case InteractionTypes.Ping:
                    await _rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionCallback { Type = InteractionCallbackTypes.Pong }, null,
                        deadlines.Callback, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionTypes.ApplicationCommand:
                    await RunAsync(context, FindCommand(context.CommandPath), context.CommandPath, isComponent: false, deadlines, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionTypes.MessageComponent:
                    var customId = context.CustomId ?? "";
                    await RunAsync(context, FindComponent(customId), "component " + customId, isComponent: true, deadlines, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionTypes.ApplicationCommandAutocomplete:
                    await AutocompleteAsync(context, deadlines, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            DiscordLog.InteractionResponseFailed(_logger, ex, interaction.Id);
        }
    }

    private async Task RunAsync(InteractionContext context, Route? route, string routeName, bool isComponent, Deadlines deadlines, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        if (route is null)
        {
            DiscordLog.InteractionNoHandler(_logger, interaction.Id, routeName);
            await RespondAsync(interaction, InteractionResponse.Error("This command is not available (no handler)."), isComponent, deadlines, cancellationToken).ConfigureAwait(false);
            return;
        }

        var handlerTask = Task.Run(() => InvokeSafelyAsync(route.Handler, context, routeName, cancellationToken), CancellationToken.None);
        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(_options.InteractionDeferThreshold, _time, timerCts.Token);
        if (await Task.WhenAny(handlerTask, timer).ConfigureAwait(false) == handlerTask)
        {
            await timerCts.CancelAsync().ConfigureAwait(false);
            var direct = await handlerTask.ConfigureAwait(false);
            await RespondAsync(interaction, direct with { Ephemeral = direct.Ephemeral || route.Ephemeral }, isComponent, deadlines, cancellationToken).ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        DiscordLog.InteractionDeferred(_logger, interaction.Id, routeName);
        var deferType = isComponent && route.UpdatesMessage ? InteractionCallbackTypes.DeferredUpdateMessage : InteractionCallbackTypes.DeferredChannelMessageWithSource;
        try
        {
            await _rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionCallback
            {
                Type = deferType,
                Data = route.Ephemeral && deferType == InteractionCallbackTypes.DeferredChannelMessageWithSource ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
            }, null, deadlines.Callback, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiscordDeadlineExceededException || ex is DiscordHttpException { StatusCode: >= System.Net.HttpStatusCode.BadRequest and < System.Net.HttpStatusCode.InternalServerError })
        {
            // The deferral was refused (a server without deferred responses) or could not go out in time: the user must still get
            // an answer. Reply directly with the handler's result; past the 3 s deadline RespondAsync falls back to a follow-up.
            if (ex is DiscordHttpException refused)
            {
                DiscordLog.InteractionDeferRefused(_logger, interaction.Id, (int)refused.StatusCode);
            }

            var late = await handlerTask.ConfigureAwait(false);
            await RespondAsync(interaction, late with { Ephemeral = late.Ephemeral || route.Ephemeral }, isComponent, deadlines, cancellationToken).ConfigureAwait(false);
            return;
        }

        var result = await handlerTask.ConfigureAwait(false);
        if (result.Ephemeral && !route.Ephemeral && deferType == InteractionCallbackTypes.DeferredChannelMessageWithSource)
        {
            // The deferred reply is public but this answer (e.g. an error) must not be: replace it with an ephemeral followup.
            await _rest.DeleteOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, deadlines.Token, cancellationToken).ConfigureAwait(false);
            await _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, WithFlags(result.Message, true), result.Files, deadlines.Token,
                cancellationToken).ConfigureAwait(false);
            return;
        }

        // Flags cannot change on edit; the visibility chosen at defer time stays.
        // Files go up with the PATCH as multipart (docs: Edit Original Interaction Response accepts files[n]).
        await _rest.EditOriginalInteractionResponseAsync(interaction.ApplicationId, interaction.Token, result.Message with { Flags = null }, result.Files, deadlines.Token,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<InteractionResponse> InvokeSafelyAsync(InteractionHandler handler, InteractionContext context, string routeName, CancellationToken cancellationToken)
    {
        try
        {
            return await handler(context, cancellationToken).ConfigureAwait(false)
                ?? InteractionResponse.Error(GenericError);
        }
        catch (InteractionOptionException ex)
        {
            return InteractionResponse.Error(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            DiscordLog.InteractionHandlerFailed(_logger, ex, routeName);
            return InteractionResponse.Error(GenericError);
        }
    }

    /// <summary>The initial response (type 4, or 7 for a component update), never sent or retried past the 3 s deadline. When
    /// it cannot go out in time (e.g. a 429 whose retry_after ends later), one follow-up is tried instead while the token's
    /// 15 minutes last (docs: follow-ups use the token; Discord refuses it if the interaction was never acknowledged).</summary>
    private async Task RespondAsync(Interaction interaction, InteractionResponse response, bool isComponent, Deadlines deadlines, CancellationToken cancellationToken)
    {
        var type = isComponent && response.UpdateMessage && !response.Ephemeral
            ? InteractionCallbackTypes.UpdateMessage
            : InteractionCallbackTypes.ChannelMessageWithSource;
        var message = type == InteractionCallbackTypes.UpdateMessage ? response.Message : WithFlags(response.Message, response.Ephemeral);
        try
        {
            await _rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
                new InteractionCallback { Type = type, Data = InteractionCallbackData.FromMessage(message) }, response.Files, deadlines.Callback, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordDeadlineExceededException) when (_time.GetUtcNow() < deadlines.Token)
        {
            DiscordLog.InteractionFollowupFallback(_logger, interaction.Id);
            await _rest.CreateFollowupMessageAsync(interaction.ApplicationId, interaction.Token, WithFlags(response.Message, response.Ephemeral), response.Files,
                deadlines.Token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AutocompleteAsync(InteractionContext context, Deadlines deadlines, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApplicationCommandOptionChoice> choices = [];
        var handler = FindAutocomplete(context.CommandPath);
        if (handler is not null)
        {
            // Autocomplete cannot be deferred: answer (possibly empty) before the deadline.
            var work = Task.Run(() => handler(context, cancellationToken), CancellationToken.None);
            using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(_options.AutocompleteTimeout, _time, timerCts.Token);
            if (await Task.WhenAny(work, timer).ConfigureAwait(false) == work)
            {
                await timerCts.CancelAsync().ConfigureAwait(false);
                try
                {
                    choices = await work.ConfigureAwait(false) ?? [];
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    DiscordLog.InteractionHandlerFailed(_logger, ex, "autocomplete " + context.CommandPath);
                }
            }
        }

        var trimmed = choices.Take(MaxChoices).Select(TrimChoice).ToArray();
        await _rest.CreateInteractionResponseAsync(context.Interaction.Id, context.Interaction.Token, new InteractionCallback
        {
            Type = InteractionCallbackTypes.ApplicationCommandAutocompleteResult,
            Data = new InteractionCallbackData { Choices = trimmed },
        }, null, deadlines.Callback, cancellationToken).ConfigureAwait(false);
    }

    private static ApplicationCommandOptionChoice TrimChoice(ApplicationCommandOptionChoice choice)
    {
        var name = Embeds.DiscordLimits.Truncate(choice.Name, MaxChoiceLength);
        var value = choice.Value.ValueKind == JsonValueKind.String && choice.Value.GetString() is { Length: > MaxChoiceLength } s
            ? JsonSerializer.SerializeToElement(s[..MaxChoiceLength], DiscordJsonContext.Default.String)
            : choice.Value;
        return new ApplicationCommandOptionChoice { Name = name, Value = value };
    }

    private Route? FindCommand(string path)
    {
        for (var p = path; p.Length > 0; p = p.Contains(' ', StringComparison.Ordinal) ? p[..p.LastIndexOf(' ')] : "")
        {
            if (_commands.TryGetValue(p, out var route))
            {
                return route;
            }
        }

        return null;
    }

    private AutocompleteHandler? FindAutocomplete(string path)
    {
        for (var p = path; p.Length > 0; p = p.Contains(' ', StringComparison.Ordinal) ? p[..p.LastIndexOf(' ')] : "")
        {
            if (_autocomplete.TryGetValue(p, out var handler))
            {
                return handler;
            }
        }

        return null;
    }

    private Route? FindComponent(string customId) =>
        _components.Where(kv => customId.StartsWith(kv.Key, StringComparison.Ordinal))
            .OrderByDescending(kv => kv.Key.Length)
            .Select(kv => kv.Value)
            .FirstOrDefault();

    private static MessagePayload WithFlags(MessagePayload message, bool ephemeral) =>
        ephemeral ? message with { Flags = (message.Flags ?? 0) | MessageFlags.Ephemeral } : message;

    private static string Normalise(string path) =>
        string.Join(' ', path.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record Route(InteractionHandler Handler, bool Ephemeral, bool UpdatesMessage);

    /// <summary>Callback: the initial response's 3 s; Token: the interaction token's 15 min (both from receipt).</summary>
    private sealed record Deadlines(DateTimeOffset Callback, DateTimeOffset Token);
}
