namespace MonitorBot.Application.Evaluation;

/// <summary>The chat the alerts go to, as the host configured it (Discord today): whether it is on, and its alert channel.</summary>
public interface IAlertChannels
{
    /// <summary>False without a chat connection (no token): every notification goes to the console.</summary>
    bool ChatEnabled { get; }

    /// <summary>The channel receiving market alerts by default (a channel id), or null.</summary>
    string? AlertChannelId { get; }
}
