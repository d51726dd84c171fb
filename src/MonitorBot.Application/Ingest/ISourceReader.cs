using MonitorBot.Feeds;

namespace MonitorBot.Application.Ingest;

/// <summary>Reads one source (fetch + parse). The worker uses the network/file reader; the demo a time-sliced replay.</summary>
public interface ISourceReader
{
    Task<FeedReadResult> ReadAsync(FeedSourceOptions source, string? etag, string? lastModified, CancellationToken cancellationToken);
}

/// <summary>The real reader: URL tokens expanded, conditional GET or file read, then the kind's parser.</summary>
internal sealed class FeedSourceReader(FeedReader reader, TimeProvider time) : ISourceReader
{
    public Task<FeedReadResult> ReadAsync(FeedSourceOptions source, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        if (UrlTemplate.HasTokens(source.Url))
        {
            // The URL changes month to month: a validator from last month's URL would be wrong.
            return reader.ReadAsync(source.With(url: UrlTemplate.Expand(source.Url, time.GetUtcNow())), null, null, cancellationToken);
        }
        return reader.ReadAsync(source, etag, lastModified, cancellationToken);
    }
}
