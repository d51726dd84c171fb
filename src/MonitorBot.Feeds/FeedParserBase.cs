using System.Text.Json;
using MonitorBot.Feeds.Internal;

namespace MonitorBot.Feeds;

/// <summary>
/// The shared entry of the built-in parsers: the kind descriptor, the argument checks and the Series a kind with
/// <see cref="FeedKindInfo.RequiresSeries"/> needs ("a csv source needs a Series to put its values in"), then
/// <see cref="ParseCore"/>.
/// </summary>
public abstract class FeedParserBase : IFeedParser
{
    protected FeedParserBase(FeedKindInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
    }

    public FeedKindInfo Info { get; }

    public string Kind => Info.Kind;

    public FeedParseResult Parse(Stream content, FeedParseContext context)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        if (Info.RequiresSeries && string.IsNullOrWhiteSpace(context.Source.Series))
        {
            throw ParseErrors.Fail(context, $"a {Info.Kind} source needs a Series to put its values in");
        }
        return ParseCore(content, context);
    }

    /// <summary>Parses a payload whose arguments were checked.</summary>
    protected abstract FeedParseResult ParseCore(Stream content, FeedParseContext context);
}

/// <summary>
/// A JSON kind: the document is parsed once (malformed JSON is a parse error naming <see cref="Sender"/>) and any
/// unexpected shape met while reading it becomes a parse error too (<see cref="ParseErrors.Guard"/>).
/// </summary>
public abstract class JsonFeedParserBase : FeedParserBase
{
    /// <param name="sender">Who sent the payload, in messages ("Yahoo", "Comtrade", "the feed").</param>
    protected JsonFeedParserBase(FeedKindInfo info, string sender) : base(info) => Sender = sender;

    /// <summary>Who sent the payload, in messages.</summary>
    protected string Sender { get; }

    protected sealed override FeedParseResult ParseCore(Stream content, FeedParseContext context)
    {
        using var document = ParseErrors.ParseJson(content, context, Sender);
        return ParseErrors.Guard(context, Sender, () => Read(document, context));
    }

    /// <summary>Maps the parsed document to records.</summary>
    protected abstract FeedParseResult Read(JsonDocument document, FeedParseContext context);
}
