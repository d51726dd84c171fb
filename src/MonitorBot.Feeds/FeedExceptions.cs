namespace MonitorBot.Feeds;

/// <summary>
/// A feed could not be read. Messages are short and safe to show to an admin: they name the source and what
/// went wrong, and never contain request header values or URL query strings (which may hold API keys).
/// </summary>
public class FeedException : Exception
{
    public FeedException() { }

    public FeedException(string message) : base(message) { }

    public FeedException(string message, Exception? innerException) : base(message, innerException) { }

    public FeedException(string message, bool isTransient, int? httpStatus, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        HttpStatus = httpStatus;
    }

    /// <summary>True when trying again later may succeed (5xx, 429, timeouts, connection errors, rate-limit replies).</summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status (or the status the server reported in its body), when there was one.</summary>
    public int? HttpStatus { get; }
}

/// <summary>
/// Transport failed (or the server refused in its body, e.g. a rate-limit text with HTTP 200):
/// HTTP status, timeout, connection error, size cap, missing file, unsupported scheme.
/// </summary>
public sealed class FeedFetchException : FeedException
{
    public FeedFetchException() { }

    public FeedFetchException(string message) : base(message) { }

    public FeedFetchException(string message, Exception? innerException) : base(message, innerException) { }

    public FeedFetchException(string message, bool isTransient, int? httpStatus = null, Exception? innerException = null)
        : base(message, isTransient, httpStatus, innerException) { }
}

/// <summary>The payload arrived but is not what the parser expects. Never transient.</summary>
public sealed class FeedParseException : FeedException
{
    public FeedParseException() { }

    public FeedParseException(string message) : base(message) { }

    public FeedParseException(string message, Exception? innerException) : base(message, isTransient: false, httpStatus: null, innerException) { }
}
