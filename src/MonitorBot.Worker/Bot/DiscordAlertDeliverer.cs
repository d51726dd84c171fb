using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Discord;
using MonitorBot.Discord.Rest;
using MonitorBot.Worker.Alerts;

namespace MonitorBot.Worker.Bot;

/// <summary>
/// Posts alerts to Discord channels ("discord:&lt;channel id&gt;" destinations). Each message carries a nonce
/// (≤ 25 characters) with enforce_nonce: Discord then returns the message already created by the same author with that
/// nonce in the past few minutes instead of posting again, so a retry after a lost response cannot post twice.
/// A resolution edits the original message.
/// </summary>
public sealed class DiscordAlertDeliverer(DiscordRestClient rest) : IAlertDeliverer
{
    public bool CanDeliver(string destination) => destination.StartsWith(AlertRouter.DiscordPrefix, StringComparison.Ordinal);

    public async Task<string?> DeliverAsync(OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken)
    {
        var channel = message.Destination[AlertRouter.DiscordPrefix.Length..];
        var payload = BotMessages.Alert(message);
        if (message.Kind == NotifyKind.Resolved && originalExternalId is not null)
        {
            try
            {
                await rest.EditMessageAsync(channel, originalExternalId, payload, cancellationToken);
                return originalExternalId;
            }
            catch (DiscordUnreadableResponseException)
            {
                return originalExternalId; // 2xx: the edit happened, only its echo is unreadable.
            }
            catch (DiscordHttpException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The original message was deleted: say it is resolved in a new one instead.
            }
        }
        // A resolution posted as a new message (no original to edit, or it was deleted) carries the nonce too, so a retry
        // after a lost reply cannot post it twice.
        if (payload.Nonce is null) payload = payload with { Nonce = $"mb-{message.Id}", EnforceNonce = true };
        try
        {
            var sent = await rest.CreateMessageAsync(channel, payload, cancellationToken);
            return sent.Id;
        }
        catch (DiscordUnreadableResponseException) when (payload.Nonce is not null && payload.EnforceNonce == true)
        {
            // Discord answered 2xx: the message exists (the nonce makes any repeat return it, not post it again). Only its id
            // is unknown, so count it as delivered rather than retrying forever; a later resolution posts a new message.
            return null;
        }
        catch (DiscordHttpException ex) when ((int)ex.StatusCode is 400 or 403 or 404)
        {
            throw new DeliveryRejectedException($"Discord refused the message for channel {channel}: {ex.Message}", ex);
        }
    }
}
