using MonitorBot.Discord.Models;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Discord.Interactions;

/// <summary>What a handler returns: the message to show, whether it is ephemeral (flag 64), and for
/// components whether it replaces the message the button is on (callback type 7) instead of a new reply.</summary>
public sealed record InteractionResponse
{
    public required MessagePayload Message { get; init; }

    public bool Ephemeral { get; init; }

    public bool UpdateMessage { get; init; }

    /// <summary>Files to upload with the message (multipart files[n]); null or empty for a plain JSON response.
    /// Sent with a direct reply (callback type 4/7), a deferred reply's PATCH @original, or an ephemeral followup.</summary>
    public IReadOnlyList<FileAttachment>? Files { get; init; }

    public static InteractionResponse Reply(string content, bool ephemeral = false) =>
        new() { Message = new MessagePayload { Content = content }, Ephemeral = ephemeral };

    public static InteractionResponse Reply(MessagePayload message, bool ephemeral = false) =>
        new() { Message = message, Ephemeral = ephemeral };

    /// <summary>A reply with files attached (multipart payload_json + files[n]).</summary>
    public static InteractionResponse Reply(MessagePayload message, IReadOnlyList<FileAttachment> files, bool ephemeral = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new() { Message = message, Files = files, Ephemeral = ephemeral };
    }

    /// <summary>An ephemeral message for refusals and errors.</summary>
    public static InteractionResponse Error(string content) =>
        new() { Message = new MessagePayload { Content = content }, Ephemeral = true };

    public static InteractionResponse Update(MessagePayload message) =>
        new() { Message = message, UpdateMessage = true };
}

/// <summary>A bad or missing option: the dispatcher shows the message to the user (ephemeral).</summary>
public sealed class InteractionOptionException(string message) : DiscordException(message);
