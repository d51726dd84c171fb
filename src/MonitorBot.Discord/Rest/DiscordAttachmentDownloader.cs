using System.Globalization;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Rest;

/// <summary>
/// Fetches the bytes of an uploaded <see cref="Attachment"/> (e.g. from an ATTACHMENT command option).
/// Typed HttpClient without the bot's Authorization header: attachment URLs are pre-signed CDN addresses.
/// Refuses files larger than the caller's limit (by the reported size, the Content-Length and the body actually
/// read) and any URL that is not http/https. Messages never contain the URL (its query string is a signature).
/// </summary>
public sealed class DiscordAttachmentDownloader
{
    private const int BufferSize = 81920;

    private readonly HttpClient _http;

    public DiscordAttachmentDownloader(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        // The bot token must never go to the CDN, whatever a caller configured on this client.
        _http.DefaultRequestHeaders.Authorization = null;
    }

    /// <summary>Downloads the attachment's <see cref="Attachment.Url"/>. Throws <see cref="DiscordException"/> when it
    /// is larger than <paramref name="maxBytes"/>, not http/https, or the server answers with an error status.</summary>
    public async Task<byte[]> DownloadAsync(Attachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (attachment.Size > maxBytes)
        {
            throw TooLarge(attachment, attachment.Size, maxBytes);
        }

        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DiscordException($"Attachment '{attachment.Filename}' has no http(s) URL; refusing to download it.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscordException(string.Create(CultureInfo.InvariantCulture,
                $"Downloading attachment '{attachment.Filename}' failed with HTTP {(int)response.StatusCode} {response.StatusCode}."));
        }

        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(attachment, length, maxBytes);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[BufferSize];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(attachment, null, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static DiscordException TooLarge(Attachment attachment, long? size, long maxBytes) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Attachment '{attachment.Filename}' is {(size is { } s ? s + " bytes, " : "")}over the limit of {maxBytes} bytes; refusing to download it."));
}
