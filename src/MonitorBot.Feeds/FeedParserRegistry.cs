namespace MonitorBot.Feeds;

/// <summary>
/// Kind → parser (case-insensitive), built from the parsers registered in DI: the source of truth for which kinds exist,
/// which are news, which admins may add, and each kind's own source checks (<see cref="FeedKindInfo"/>). Adding a kind is
/// one folder in Feeds and one registration line in <see cref="FeedsServiceCollectionExtensions.AddMonitorBotFeeds"/>.
/// </summary>
public sealed class FeedParserRegistry
{
    private readonly Dictionary<string, IFeedParser> _parsers = new(StringComparer.OrdinalIgnoreCase);

    public FeedParserRegistry(IEnumerable<IFeedParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        var infos = new List<FeedKindInfo>();
        foreach (var parser in parsers)
        {
            var info = parser.Info ?? throw new InvalidOperationException($"The feed parser {parser.GetType().Name} has no kind descriptor.");
            if (string.IsNullOrWhiteSpace(info.Kind) || !string.Equals(info.Kind, info.Kind.Trim(), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The feed parser {parser.GetType().Name} has an empty or padded kind '{info.Kind}'.");
            }
            if (!_parsers.TryAdd(info.Kind, parser))
            {
                throw new InvalidOperationException($"Two feed parsers are registered for kind '{info.Kind}'.");
            }
            infos.Add(info);
        }
        Infos = infos;
        Kinds = _parsers.Keys.Order(StringComparer.Ordinal).ToArray();
        AdminKinds = infos.Where(i => i.AdminAllowed).Select(i => i.Kind).ToArray();
        NewsKinds = infos.Where(i => i.IsNews).Select(i => i.Kind).ToArray();
        NewsKindSet = new HashSet<string>(NewsKinds, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every registered kind, in ordinal order.</summary>
    public IReadOnlyCollection<string> Kinds { get; }

    /// <summary>Every kind's descriptor, in registration order (the order for help texts and slash-command choices).</summary>
    public IReadOnlyList<FeedKindInfo> Infos { get; }

    /// <summary>Kinds an admin may add from Discord or an import, in registration order.</summary>
    public IReadOnlyList<string> AdminKinds { get; }

    /// <summary>Kinds whose sources yield news, in registration order.</summary>
    public IReadOnlyList<string> NewsKinds { get; }

    /// <summary>The same kinds as a case-insensitive set, built once (the status query reads it on every call).</summary>
    public IReadOnlySet<string> NewsKindSet { get; }

    /// <summary>True when a parser is registered for <paramref name="kind"/> (case-insensitive, trimmed).</summary>
    public bool IsKnown(string? kind) => TryGet(kind, out _);

    /// <summary>True when <paramref name="kind"/> is registered and yields news.</summary>
    public bool IsNews(string? kind) => TryGetInfo(kind) is { IsNews: true };

    /// <summary>True when <paramref name="kind"/> is registered and admins may add it.</summary>
    public bool IsAdminAllowed(string? kind) => TryGetInfo(kind) is { AdminAllowed: true };

    /// <summary>The descriptor of <paramref name="kind"/>; null when it is not registered.</summary>
    public FeedKindInfo? TryGetInfo(string? kind) => TryGet(kind, out var parser) ? parser.Info : null;

    /// <summary>
    /// The kind's problems with <paramref name="source"/>, without the configuration key prefix: "Kind is required",
    /// "Kind 'x' is not known" (both listing the kinds), or the kind's own checks (<see cref="FeedKindInfo.Validate"/>).
    /// Empty when the kind is known and its checks pass.
    /// </summary>
    public IReadOnlyList<string> Validate(string? kind, FeedSourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(kind)) return [$"Kind is required (one of: {KindList})."];
        var info = TryGetInfo(kind);
        if (info is null) return [$"Kind '{kind}' is not known (one of: {KindList})."];
        var problems = info.RequiresSeries ? FeedKindInfo.RequireSeries(source).ToList() : [];
        if (info.Validate is { } validate) problems.AddRange(validate(source));
        return problems;
    }

    /// <summary>The kind the payload looks like (<see cref="FeedKindDetector.Detect"/>), when a parser is registered for it; else null.</summary>
    public string? Detect(ReadOnlySpan<byte> head, string? contentType, string? location) =>
        FeedKindDetector.Detect(head, contentType, location) is { } detected && TryGet(detected, out var parser) ? parser.Kind : null;

    public bool TryGet(string? kind, out IFeedParser parser)
    {
        parser = null!;
        return kind is not null && _parsers.TryGetValue(kind.Trim(), out parser!);
    }

    /// <summary>The parser for <paramref name="kind"/>; <see cref="FeedParseException"/> listing the known kinds otherwise.</summary>
    public IFeedParser Get(string kind)
    {
        if (TryGet(kind, out var parser)) return parser;
        throw new FeedParseException($"unknown feed kind '{kind}'; known kinds: {string.Join(", ", Kinds)}");
    }

    /// <summary>The kinds in registration order, comma-separated (as the validators list them).</summary>
    public string KindList => string.Join(", ", Infos.Select(i => i.Kind));
}
