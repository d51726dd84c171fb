using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Interactions;

/// <summary>What a handler returns: the message to show, whether it is ephemeral (flag 64), and for
/// components whether it replaces the message the button is on (callback type 7) instead of a new reply.</summary>
public sealed record InteractionResponse
{
    public required MessagePayload Message { get; init; }

    public bool Ephemeral { get; init; }

    public bool UpdateMessage { get; init; }

    public static InteractionResponse Reply(string content, bool ephemeral = false) =>
        new() { Message = new MessagePayload { Content = content }, Ephemeral = ephemeral };

    public static InteractionResponse Reply(MessagePayload message, bool ephemeral = false) =>
        new() { Message = message, Ephemeral = ephemeral };

    /// <summary>An ephemeral message for refusals and errors.</summary>
    public static InteractionResponse Error(string content) =>
        new() { Message = new MessagePayload { Content = content }, Ephemeral = true };

    public static InteractionResponse Update(MessagePayload message) =>
        new() { Message = message, UpdateMessage = true };
}

/// <summary>A bad or missing option: the dispatcher shows the message to the user (ephemeral).</summary>
public sealed class InteractionOptionException(string message) : DiscordException(message);
