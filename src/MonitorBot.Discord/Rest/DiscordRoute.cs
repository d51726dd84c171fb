namespace MonitorBot.Discord.Rest;

/// <summary>
/// A REST route for rate limiting. Discord's per-route limits account for the top-level resource in the
/// path ("major parameter": channel_id, guild_id, webhook_id + webhook_token; docs: Rate Limits, Per-route).
/// <see cref="Key"/> keeps the major parameters and replaces other ids; <see cref="Display"/> hides every id
/// and token so it is safe for logs and exception messages.
/// </summary>
public sealed record DiscordRoute(string Method, string Key, string Major, string Display, bool ExemptFromGlobal)
{
    public static DiscordRoute Parse(string method, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Split('?', 2)[0].Trim('/');
        var segments = path.Length == 0 ? [] : path.Split('/');
        var key = new string[segments.Length];
        var display = new string[segments.Length];
        var major = "";
        var top = segments.Length > 0 ? segments[0] : "";
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            var isId = s.Length > 0 && s.All(char.IsAsciiDigit);
            var isTokenSlot = i == 2 && (top == "webhooks" || top == "interactions");
            if (i == 1 && isId && top is "channels" or "guilds" or "webhooks" or "interactions")
            {
                // Major parameter (interactions: each interaction is its own resource).
                key[i] = s;
                display[i] = "{id}";
                major = s;
            }
            else if (isTokenSlot)
            {
                // webhook_id + webhook_token together form the major parameter.
                key[i] = top == "webhooks" ? s : "{token}";
                display[i] = "{token}";
                if (top == "webhooks")
                {
                    major += "/" + s;
                }
            }
            else if (isId)
            {
                key[i] = "{id}";
                display[i] = "{id}";
            }
            else
            {
                key[i] = s;
                display[i] = s;
            }
        }

        var upper = method.ToUpperInvariant();
        // Docs (Rate Limits, Global): "Interaction endpoints are not bound to the bot's global rate limit."
        var exempt = top == "interactions" || (top == "webhooks" && segments.Length >= 3);
        return new DiscordRoute(upper, upper + " /" + string.Join('/', key), major, upper + " /" + string.Join('/', display), exempt);
    }
}
