namespace MonitorBot.Discord.Rest;

/// <summary>Per-request facts the client tells the rate limiter through <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class DiscordRequestOptions
{
    /// <summary>True when repeating the request cannot act twice: a message create carrying nonce + enforce_nonce
    /// (docs, Create Message: with enforce_nonce Discord returns the message already created with that nonce).</summary>
    public static readonly HttpRequestOptionsKey<bool> CarriesEnforcedNonce = new("MonitorBot.Discord.EnforcedNonce");

    /// <summary>Latest instant the request may be sent or retried (interaction callback: 3 s; interaction token: 15 min).</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> Deadline = new("MonitorBot.Discord.Deadline");

    /// <summary>GET/HEAD/PUT/DELETE are idempotent (RFC 9110 §9.2.2); Discord's PATCH edits replace the listed fields with
    /// the same values when repeated. POST creates (message, follow-up, callback) are not, unless they carry an enforced nonce.</summary>
    public static bool IsRetrySafe(HttpRequestMessage request)
    {
        var method = request.Method;
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Patch)
        {
            return true;
        }

        return request.Options.TryGetValue(CarriesEnforcedNonce, out var nonce) && nonce;
    }

    public static DateTimeOffset? DeadlineOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Deadline, out var deadline) ? deadline : null;
}
