using System.Xml;
using System.Xml.Linq;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Feeds.Internal;

namespace MonitorBot.Feeds.Rss;

/// <summary>
/// RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 in one streaming parser. DTDs are prohibited (no XXE, no entity bombs).
/// Registered for both <see cref="FeedKinds.Rss"/> and <see cref="FeedKinds.Atom"/>.
/// </summary>
public sealed class RssFeedParser : IFeedParser
{
    public const int MaxSummaryLength = 1000;
    public const int MaxTitleLength = 500;

    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    public RssFeedParser() : this(FeedKinds.Rss) { }

    public RssFeedParser(string kind)
    {
        if (kind is not (FeedKinds.Rss or FeedKinds.Atom)) throw new ArgumentException($"Unsupported kind '{kind}'.", nameof(kind));
        Kind = kind;
    }

    public string Kind { get; }

    internal static XmlReaderSettings ReaderSettings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    public FeedParseResult Parse(Stream content, FeedParseContext context)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        var parsed = new List<(RawNewsItem Item, bool HasOwnOutlet)>();
        string? feedTitle = null;
        var skipped = 0;
        try
        {
            using var reader = XmlReader.Create(content, ReaderSettings);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw ParseErrors.Fail(context, "the feed has no root element");
            }
            var root = reader.LocalName;
            if (root is not ("rss" or "RDF" or "feed"))
            {
                throw ParseErrors.Fail(context, $"expected an RSS or Atom feed but the document root is <{reader.Name}>");
            }

            var path = new List<string>(8);
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var name = reader.LocalName;
                    if ((name == "item" && root != "feed") || (name == "entry" && root == "feed"))
                    {
                        var element = (XElement)XNode.ReadFrom(reader);
                        if (ReadItem(element) is { } entry) parsed.Add(entry);
                        else skipped++;
                        continue;
                    }
                    if (name == "title" && feedTitle is null && path.Count > 0 && path[^1] is "channel" or "feed")
                    {
                        var titleElement = (XElement)XNode.ReadFrom(reader);
                        feedTitle = HtmlText.ToPlainText(titleElement.Value, MaxTitleLength);
                        continue;
                    }
                    if (!reader.IsEmptyElement) path.Add(name);
                }
                else if (reader.NodeType == XmlNodeType.EndElement && path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
                reader.Read();
            }
        }
        catch (XmlException ex)
        {
            var what = ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "the feed declares a DTD, which is refused (possible XXE or entity-expansion attack)"
                : $"the feed is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}): {HtmlText.Excerpt(ex.Message, 160)}";
            throw ParseErrors.Fail(context, what, ex);
        }

        var defaultOutlet = string.IsNullOrWhiteSpace(context.Source.Name) ? NullIfEmpty(feedTitle) : context.Source.Name.Trim();
        var items = new List<RawNewsItem>(parsed.Count);
        foreach (var (item, hasOwn) in parsed)
        {
            items.Add(hasOwn || defaultOutlet is null ? item : item with { Outlet = defaultOutlet });
        }
        return FeedParseResult.FromItems(items, skipped);
    }

    private static (RawNewsItem, bool)? ReadItem(XElement item)
    {
        string? title = null, link = null, altLink = null, guid = null, published = null, updated = null, outlet = null;
        string? encoded = null, description = null, summary = null, contentText = null;
        var guidIsPermaLink = false;

        foreach (var child in item.Elements())
        {
            var local = child.Name.LocalName;
            switch (local)
            {
                case "title":
                    title ??= child.Value;
                    break;
                case "link":
                    var href = (string?)child.Attribute("href");
                    if (href is null) { link ??= NullIfEmpty(child.Value.Trim()); break; }
                    var rel = (string?)child.Attribute("rel");
                    if (rel is null or "alternate") link ??= NullIfEmpty(href.Trim());
                    else altLink ??= NullIfEmpty(href.Trim());
                    break;
                case "guid":
                    guid ??= NullIfEmpty(child.Value.Trim());
                    guidIsPermaLink = !string.Equals((string?)child.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                    break;
                case "id":
                    guid ??= NullIfEmpty(child.Value.Trim());
                    break;
                case "pubDate" or "published" or "date" or "issued":
                    published ??= child.Value;
                    break;
                case "updated" or "modified":
                    updated ??= child.Value;
                    break;
                case "source":
                    var sourceTitle = child.Element(child.Name.Namespace + "title");
                    outlet ??= NullIfEmpty(HtmlText.ToPlainText(sourceTitle?.Value ?? child.Value, 200));
                    break;
                case "encoded" when child.Name.NamespaceName == ContentNs:
                    encoded ??= child.Value;
                    break;
                case "description":
                    description ??= child.Value;
                    break;
                case "summary":
                    summary ??= child.Value;
                    break;
                case "content":
                    contentText ??= child.Value;
                    break;
            }
        }

        guid ??= NullIfEmpty((string?)item.Attribute(XName.Get("about", RdfNs)));
        link ??= altLink ?? (guidIsPermaLink && guid is not null && Uri.IsWellFormedUriString(guid, UriKind.Absolute) ? guid : null);
        var cleanTitle = HtmlText.ToPlainText(title, MaxTitleLength);
        if (outlet is not null && cleanTitle.EndsWith(" - " + outlet, StringComparison.Ordinal))
        {
            cleanTitle = cleanTitle[..^(outlet.Length + 3)].TrimEnd();
        }

        var body = FirstNonEmpty(encoded, description, summary, contentText);
        var text = NullIfEmpty(HtmlText.ToPlainText(body, MaxSummaryLength));
        if (text is not null && outlet is not null && IsHeadlineBoilerplate(text, cleanTitle, outlet)) text = null;

        if (cleanTitle.Length == 0)
        {
            if (text is null && link is null) return null;
            cleanTitle = text is not null ? HtmlText.Truncate(text, 120) : link!;
        }
        if (link is null && guid is null) return null;

        var when = FeedDates.ParseFeedDate(published) ?? FeedDates.ParseFeedDate(updated);
        return (new RawNewsItem(guid ?? link, link, cleanTitle, text, when, outlet), outlet is not null);
    }

    /// <summary>Google News descriptions are just "headline  Outlet": not a summary.</summary>
    private static bool IsHeadlineBoilerplate(string text, string title, string outlet)
    {
        if (!text.StartsWith(title, StringComparison.Ordinal)) return false;
        var rest = text.AsSpan(title.Length).Trim();
        if (rest.EndsWith(outlet, StringComparison.Ordinal)) rest = rest[..^outlet.Length].Trim();
        if (rest.StartsWith("- ", StringComparison.Ordinal) || rest.Equals("-", StringComparison.Ordinal)) rest = rest.TrimStart('-').Trim();
        return rest.IsEmpty || rest.Equals(outlet, StringComparison.Ordinal);
    }

    private static string? FirstNonEmpty(params string?[] values)
    {
        foreach (var v in values)
        {
            if (!string.IsNullOrWhiteSpace(v)) return v;
        }
        return null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
