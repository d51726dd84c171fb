using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MonitorBot.Feeds.Rss;

/// <summary>
/// RSS 0.90/0.91/0.92/2.0, RSS 1.0 (RDF), Atom 0.3 and Atom 1.0 in one streaming parser, for feeds as the wild writes
/// them. The body is decoded by <see cref="FeedEncodings"/> (BOM, HTTP charset, XML declaration; bad bytes replaced).
/// A DOCTYPE is tolerated (no DTD or entity is ever fetched, entity expansion is capped, HTML named entities are known);
/// only a real entity attack is refused (<see cref="XmlPrep"/>). An item is kept when it has any of title, link, id or
/// description; its id falls back from guid/id/rdf:about to the link to a hash of title, description and date text.
/// Links follow RFC 4287 (rel="alternate" or no rel, with href), resolve against xml:base and the feed URL, and only
/// http(s) links are kept. Items without a usable date get the fetch time (counted in <see cref="FeedParseResult.UndatedItems"/>).
/// Registered for both <see cref="FeedKinds.Rss"/> and <see cref="FeedKinds.Atom"/>.
/// </summary>
public sealed class RssFeedParser : FeedParserBase
{
    public const int MaxSummaryLength = 1000;
    public const int MaxTitleLength = 500;

    /// <summary>Title of an item that has none and no description or link to stand in for it.</summary>
    public const string UntitledTitle = "(untitled)";

    /// <summary>Most characters entities declared in a feed's own DTD may expand to, in total.</summary>
    public const int MaxCharactersFromEntities = 10_000;

    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Atom10Ns = "http://www.w3.org/2005/Atom";
    private const string Atom03Ns = "http://purl.org/atom/ns#";
    private static readonly DateTimeOffset EarliestNewsDate = new(1995, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(2);

    public RssFeedParser() : this(FeedKinds.Rss) { }

    public RssFeedParser(string kind) : base(InfoFor(kind))
    {
    }

    private static FeedKindInfo InfoFor(string kind) => kind is FeedKinds.Rss or FeedKinds.Atom
        ? new FeedKindInfo(kind, FeedContent.News, AdminAllowed: true)
        : throw new ArgumentException($"Unsupported kind '{kind}'.", nameof(kind));

    internal static XmlReaderSettings ReaderSettings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Parse, // internal subset only: XmlResolver is null, so no external DTD or entity is fetched
        XmlResolver = null,
        MaxCharactersFromEntities = MaxCharactersFromEntities,
        MaxCharactersInDocument = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    protected override FeedParseResult ParseCore(Stream content, FeedParseContext context)
    {
        var stream = content.CanSeek ? content : new MemoryStream(FeedEncodings.ReadBytes(content), writable: false);
        var origin = stream.Position;
        var length = stream.Length - origin;

        // The prolog (XML declaration, DOCTYPE and its internal subset) and the first element are in the head.
        var head = new byte[(int)Math.Min(length, HeadBytes)];
        stream.ReadExactly(head);
        stream.Position = origin;
        if (ContentSniffer.BinaryKind(head.AsSpan(0, Math.Min(head.Length, 512))) is { } binary)
        {
            throw ParseErrors.Fail(context, ContentSniffer.BinaryMessage(binary));
        }
        var (encoding, preamble) = FeedEncodings.Detect(head, context.ContentType);
        string FullText()
        {
            stream.Position = origin;
            var all = FeedEncodings.ReadBytes(stream);
            stream.Position = origin;
            return encoding.GetString(all, preamble, all.Length - preamble);
        }

        var complete = length <= HeadBytes;
        // 4 KB tell an HTML page; a DOCTYPE's internal subset may need the whole head.
        var headText = encoding.GetString(head, preamble, Math.Min(head.Length - preamble, SniffBytes));
        if (head.Length - preamble > SniffBytes && headText.Contains("<!DOCTYPE", StringComparison.Ordinal))
        {
            headText = encoding.GetString(head, preamble, head.Length - preamble);
        }
        else if (head.Length - preamble > SniffBytes)
        {
            complete = true; // no DOCTYPE in the prolog: nothing further to check
        }
        if (complete && headText.AsSpan().TrimStart(" \t\r\n\uFEFF").IsEmpty) throw ParseErrors.Fail(context, "the feed is empty");
        if (ContentSniffer.IsHtml(headText)) throw ParseErrors.Fail(context, ContentSniffer.HtmlMessage(FullText(), context.Source.Url));
        if (XmlPrep.CheckDoctype(headText, complete) is { } refusal) throw ParseErrors.Fail(context, refusal);

        return ParseErrors.Guard(context, "the feed", () =>
        {
            try
            {
                // Fast path: UTF-8 goes to the XML reader as bytes (it reads the BOM and declaration itself); another encoding is
                // decoded while reading. Invalid bytes or undeclared entities send the feed to the slow path below.
                using var input = FeedEncodings.IsUtf8(head, encoding, preamble)
                    ? XmlReader.Create(stream, ReaderSettings)
                    : XmlReader.Create(new StreamReader(new SubStream(stream, origin + preamble), encoding, detectEncodingFromByteOrderMarks: false, leaveOpen: true), ReaderSettings);
                return ParseXml(input, FullText, context, retryable: true);
            }
            catch (XmlException ex) when (IsRetryable(ex))
            {
                // Bad bytes replaced (U+FFFD); HTML named entities (&nbsp;, &eacute;, …) that an external DTD would define made numeric.
                using var input = XmlReader.Create(new StringReader(XmlPrep.RewriteHtmlEntities(FullText())), ReaderSettings);
                return ParseXml(input, FullText, context, retryable: false);
            }
        });
    }

    private static bool IsRetryable(XmlException ex) =>
        ex.Message.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("Invalid character in the given encoding", StringComparison.OrdinalIgnoreCase)
        || ex.InnerException is DecoderFallbackException;

    /// <summary>How much of the body is decoded up front to sniff HTML and check the DOCTYPE.</summary>
    private const int HeadBytes = 64 * 1024;

    private const int SniffBytes = 4096;

    private static FeedParseResult ParseXml(XmlReader reader, Func<string> fullText, FeedParseContext context, bool retryable)
    {
        var parsed = new List<(RawNewsItem Item, bool HasOwnOutlet)>();
        string? feedTitle = null;
        var errors = new RowErrors();
        var undated = 0;
        var index = 0;
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw ParseErrors.Fail(context, "the feed has no root element");
            }
            var root = reader.LocalName;
            if (root is not ("rss" or "RDF" or "feed"))
            {
                throw ParseErrors.Fail(context, root.Equals("html", StringComparison.OrdinalIgnoreCase)
                    ? ContentSniffer.HtmlMessage(fullText(), context.Source.Url)
                    : $"expected an RSS or Atom feed but the document root is <{reader.Name}>");
            }

            var path = new List<(string Name, Uri? Base)>(8);
            var feedBase = FeedLinks.BaseOf(context.Source.Url);
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var name = reader.LocalName;
                    var currentBase = path.Count > 0 ? path[^1].Base : feedBase;
                    if (reader.HasAttributes && reader.GetAttribute("xml:base") is { } xmlBase) currentBase = FeedLinks.Rebase(currentBase, xmlBase);
                    if ((name == "item" && root != "feed") || (name == "entry" && root == "feed"))
                    {
                        index++;
                        var element = (XElement)XNode.ReadFrom(reader);
                        if (ReadItem(element, currentBase, context, out var isUndated) is { } entry)
                        {
                            parsed.Add(entry);
                            if (isUndated) undated++;
                        }
                        else
                        {
                            errors.Skip(index, "item has no title, link, id or description");
                        }
                        continue;
                    }
                    if (name == "title" && feedTitle is null && path.Count > 0 && path[^1].Name is "channel" or "feed")
                    {
                        var titleElement = (XElement)XNode.ReadFrom(reader);
                        feedTitle = ReadText(titleElement, MaxTitleLength);
                        continue;
                    }
                    if (!reader.IsEmptyElement) path.Add((name, currentBase));
                }
                else if (reader.NodeType == XmlNodeType.EndElement && path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
                reader.Read();
            }
        }
        catch (XmlException ex) when (!retryable || !IsRetryable(ex))
        {
            var what = ex.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal)
                ? $"the feed's DTD entities expand beyond {MaxCharactersFromEntities:N0} characters, which is refused (an entity-expansion attack)"
                : ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? $"the feed's DTD could not be read safely: {HtmlText.Excerpt(ex.Message, 160)}"
                : $"the feed is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}): {HtmlText.Excerpt(ex.Message, 160)}";
            throw ParseErrors.Fail(context, what, ex);
        }

        var defaultOutlet = string.IsNullOrWhiteSpace(context.Source.Name) ? NullIfEmpty(feedTitle) : context.Source.Name.Trim();
        var items = new List<RawNewsItem>(parsed.Count);
        foreach (var (item, hasOwn) in parsed)
        {
            items.Add(hasOwn || defaultOutlet is null ? item : item with { Outlet = defaultOutlet });
        }
        return FeedParseResult.FromItems(items, errors, undated);
    }

    private static (RawNewsItem, bool)? ReadItem(XElement item, Uri? feedBase, FeedParseContext context, out bool undated)
    {
        undated = false;
        string? title = null, link = null, guid = null, published = null, updated = null, outlet = null;
        XElement? encoded = null, description = null, summary = null, contentText = null;
        var guidIsPermaLink = false;
        var itemBase = feedBase; // already includes the item's own xml:base

        foreach (var child in item.Elements())
        {
            var local = child.Name.LocalName;
            var ns = child.Name.NamespaceName;
            switch (local)
            {
                case "title":
                    title ??= ReadText(child, MaxTitleLength);
                    break;
                case "link":
                    var href = (string?)child.Attribute("href");
                    if (href is null)
                    {
                        if (ns is not (Atom10Ns or Atom03Ns)) link ??= FeedLinks.Resolve(child.Value, itemBase); // RSS: the link is the text
                        break;
                    }
                    var rel = ((string?)child.Attribute("rel"))?.Trim();
                    if (rel is null or "" or "alternate" or "http://www.iana.org/assignments/relation/alternate")
                    {
                        link ??= FeedLinks.Resolve(href, FeedLinks.Rebase(itemBase, (string?)child.Attribute(XNamespace.Xml + "base")));
                    }
                    break;
                case "guid":
                    guid ??= NullIfEmpty(child.Value.Trim());
                    guidIsPermaLink = !string.Equals((string?)child.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                    break;
                case "id" or "identifier":
                    guid ??= NullIfEmpty(child.Value.Trim());
                    break;
                case "pubDate" or "published" or "date" or "issued" or "created":
                    published ??= child.Value;
                    break;
                case "updated" or "modified":
                    updated ??= child.Value;
                    break;
                case "source":
                    var sourceTitle = child.Element(child.Name.Namespace + "title");
                    outlet ??= NullIfEmpty(HtmlText.ToPlainText(sourceTitle?.Value ?? child.Value, 200));
                    break;
                case "encoded" when ns == ContentNs:
                    encoded ??= HasText(child);
                    break;
                case "description":
                    description ??= HasText(child);
                    break;
                case "summary":
                    summary ??= HasText(child);
                    break;
                case "content" when ns != ContentNs:
                    contentText ??= HasText(child);
                    break;
            }
        }

        var about = NullIfEmpty((string?)item.Attribute(XName.Get("about", RdfNs)));
        guid ??= about;
        if (guidIsPermaLink) link ??= FeedLinks.Resolve(guid, null);
        var cleanTitle = title ?? "";
        if (outlet is not null && cleanTitle.EndsWith(" - " + outlet, StringComparison.Ordinal))
        {
            cleanTitle = cleanTitle[..^(outlet.Length + 3)].TrimEnd();
        }

        var body = encoded ?? description ?? summary ?? contentText;
        var text = body is null ? null : NullIfEmpty(ReadText(body, MaxSummaryLength));
        if (text is not null && outlet is not null && IsHeadlineBoilerplate(text, cleanTitle, outlet)) text = null;

        if (cleanTitle.Length == 0 && text is null && link is null && guid is null) return null;
        if (cleanTitle.Length == 0) cleanTitle = text is not null ? HtmlText.Truncate(text, 120) : link ?? UntitledTitle;

        var dateText = NullIfEmpty(published) ?? NullIfEmpty(updated);
        var when = Plausible(FeedDates.ParseFeedDate(published), context) ?? Plausible(FeedDates.ParseFeedDate(updated), context);
        if (when is null)
        {
            undated = true;
            when = context.FetchedAt;
        }
        var key = guid ?? link ?? ContentKey(cleanTitle, text, dateText);
        return (new RawNewsItem(key, link, cleanTitle, text, when, outlet), outlet is not null);
    }

    /// <summary>A date a news item can really have: not before 1995, not more than two days after the fetch.</summary>
    private static DateTimeOffset? Plausible(DateTimeOffset? date, FeedParseContext context) =>
        date is { } d && d >= EarliestNewsDate && d <= context.FetchedAt + FutureTolerance ? d : null;

    /// <summary>"sha256:" + 16 hex digits of title, description and the date as written (stable across fetches).</summary>
    internal static string ContentKey(string title, string? description, string? dateText)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(title, "\n", description, "\n", dateText?.Trim()));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }

    /// <summary>
    /// An RSS element or Atom text construct as one line of plain text. Atom 1.0 type="text" (the default) is taken as
    /// is, "html" is unescaped and stripped, "xhtml" has its markup stripped; Atom 0.3 mode="escaped"/"base64"/"xml" with a
    /// MIME type likewise. RSS elements hold HTML (entity-encoded or CDATA) and are stripped.
    /// </summary>
    private static string ReadText(XElement element, int maxLength)
    {
        var ns = element.Name.NamespaceName;
        if (ns is not (Atom10Ns or Atom03Ns)) return HtmlText.ToPlainText(element.Value, maxLength);

        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant() ?? (ns == Atom03Ns ? "text/plain" : "text");
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant() ?? "xml";
        var value = element.Value;
        if (mode == "base64")
        {
            try
            {
                value = Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
            }
            catch (FormatException)
            {
                return "";
            }
        }
        var isXhtml = type is "xhtml" or "application/xhtml+xml";
        var isHtml = type is "html" or "text/html";
        if (isXhtml || (isHtml && mode == "xml" && element.HasElements))
        {
            var markup = new StringBuilder();
            foreach (var node in element.Nodes()) markup.Append(node.ToString(SaveOptions.DisableFormatting));
            return HtmlText.ToPlainText(markup.ToString(), maxLength);
        }
        if (isHtml || mode == "escaped") return HtmlText.ToPlainText(value, maxLength);
        return HtmlText.Truncate(HtmlText.CollapseWhitespace(value), maxLength); // text: "a < b" stays as written
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

    /// <summary>The element when it holds any non-blank text or markup, else null.</summary>
    private static XElement? HasText(XElement element) => element.HasElements || !string.IsNullOrWhiteSpace(element.Value) ? element : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
