using System.Buffers;
using System.Text.RegularExpressions;

namespace MonitorBot.Core.News;

/// <summary>
/// The actors, places, commodities, organisations and signal words of the Kachin heavy-rare-earth
/// picture, with their spelling variants, compiled once (static): a vectorised search for the words terms
/// can start with finds candidate positions, where only those terms' anchored patterns are tried
/// (a few µs per headline).
/// </summary>
/// <remarks>
/// <para>Chinese and Burmese terms (克钦独立军, 八莫, 稀土, 铽, 腾冲, ကချင်, ဗန်းမော်, ...) match anywhere: those scripts put no
/// spaces between words, so the word-boundary rule below applies to the other terms only.</para>
/// <para>Matching is case-insensitive on word boundaries (a hit may not be preceded or followed by a
/// letter or digit, so "KIA" matches neither "Kiang" nor "Nokia"), tolerant of hyphens, en/em dashes and
/// extra spaces between words ("rare-earth", "rare earth", "China–Myanmar") and of plurals.</para>
/// <para>Exceptions, on purpose: acronyms that are also ordinary words or brands are case-sensitive
/// ("KIA"/"KIO" but not the carmaker "Kia"; "SAC"; "REE"; "HREE"; "NdPr"), and the border town "Muse" must
/// be capitalised and carries a low weight (it is also a common word and a band).</para>
/// <para>Multi-word signals that name a place ("capture of Bhamo", "closes the China–Myanmar border",
/// "restricts rare earth exports") match only their trigger word and check the rest with a look-ahead,
/// so the place or commodity inside them is still matched as an entity of its own.</para>
/// <para>A few outlet names ("Kachin News Group", "Myanmar Now") are swallowed without producing an
/// entity, so a source's own name does not make its items look relevant.</para>
/// </remarks>
public static class Gazetteer
{
    /// <summary>The canonical name of a quantified price or volume move ("up 21.9%", "6,550 yuan/kg", "价格上涨").</summary>
    public const string MarketMove = "market move";

    // Between the words of a phrase: spaces, or a hyphen/dash with optional spaces around it.
    private const string Sep = @"(?:\s*[-\u2010-\u2015]\s*|\s+)";
    private const string Apos = @"['\u2019]";
    private const string LetterOrDigit = @"[\p{L}\p{N}]";

    // Terms in trial order: at one position the first term that matches wins, so longer sources come first
    // ("Kachin Independence Army" before "Kachin", "heavy rare earths" before "rare earths").
    private static readonly Term[] Terms = [.. BuildTerms().Select((t, i) => (t, i)).OrderByDescending(x => x.t.Source.Length).ThenBy(x => x.i).Select(x => x.t)];
    private static readonly Regex[] TermRegexes = [.. Terms.Select(CompileTerm)];
    private static readonly Dictionary<char, (string Trigger, int Term)[]> TriggersByFirstChar = BuildTriggers(Terms, out TriggerValues);
    private static readonly SearchValues<string> TriggerValues;
    private static readonly Dictionary<string, GazetteerEntry> ByCanonical = BuildEntries(Terms);

    /// <summary>Every canonical entry, ordered by category then name.</summary>
    public static IReadOnlyList<GazetteerEntry> Entries { get; } =
        [.. ByCanonical.Values.OrderBy(e => e.Category).ThenBy(e => e.Canonical, StringComparer.Ordinal)];

    /// <summary>Finds the entry of a canonical name (as stored in <c>NewsItem.Entities</c>), case-insensitive.</summary>
    public static bool TryGetEntry(string canonical, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GazetteerEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return ByCanonical.TryGetValue(canonical, out entry);
    }

    /// <summary>The signal severity of a canonical name; <see cref="SignalSeverity.None"/> for non-signals and unknown names.</summary>
    public static SignalSeverity SeverityOf(string canonical) =>
        TryGetEntry(canonical, out var entry) ? entry.Severity : SignalSeverity.None;

    /// <summary>
    /// Every entity named in <paramref name="text"/>, distinct by canonical name, in order of first
    /// appearance; when several variants of one entity match, the highest weight is kept.
    /// </summary>
    /// <remarks>
    /// A vectorised search for the literal words a term can start with (<see cref="SearchValues{T}"/>) finds the
    /// candidate positions; only there are the few terms starting with that word tried, each an anchored regex.
    /// </remarks>
    public static IReadOnlyList<EntityMatch> Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        List<EntityMatch>? result = null;
        var candidates = new List<int>(8);
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text.AsSpan(pos).IndexOfAny(TriggerValues);
            if (found < 0)
            {
                break;
            }

            var at = pos + found;
            pos = at + 1;

            // Not at a word start ("Nokia"): only terms of unspaced scripts (Chinese, Burmese) may match inside a run of letters.
            var insideWord = at > 0 && char.IsLetterOrDigit(text[at - 1]);
            candidates.Clear();
            if (TriggersByFirstChar.TryGetValue(char.ToLowerInvariant(text[at]), out var triggers))
            {
                var rest = text.AsSpan(at);
                foreach (var (trigger, term) in triggers)
                {
                    if ((!insideWord || Terms[term].Unspaced) && rest.StartsWith(trigger, StringComparison.OrdinalIgnoreCase) && !candidates.Contains(term))
                    {
                        candidates.Add(term);
                    }
                }
            }

            candidates.Sort();
            foreach (var index in candidates)
            {
                System.Text.RegularExpressions.Match m;
                try
                {
                    m = TermRegexes[index].Match(text, at);
                }
                catch (RegexMatchTimeoutException)
                {
                    continue; // pathological input: skip the term rather than fail the item
                }

                if (!m.Success)
                {
                    continue;
                }

                pos = at + Math.Max(1, m.Length);
                var term = Terms[index];
                if (term.Canonical.Length > 0)
                {
                    Add(ref result, new EntityMatch(term.Canonical, term.Category, term.Severity, term.Weight, term.IsLocal, term.IsRareEarthFirm));
                    if (term.Also is { } also && ByCanonical.TryGetValue(also, out var alsoEntry))
                    {
                        Add(ref result, new EntityMatch(alsoEntry.Canonical, alsoEntry.Category, alsoEntry.Severity, 1.0, alsoEntry.IsLocal, alsoEntry.IsRareEarthFirm));
                    }
                }

                break;
            }
        }

        return result is null ? [] : result;
    }

    private static void Add(ref List<EntityMatch>? result, EntityMatch match)
    {
        result ??= [];
        var index = result.FindIndex(e => string.Equals(e.Canonical, match.Canonical, StringComparison.Ordinal));
        if (index < 0)
        {
            result.Add(match);
        }
        else if (result[index].Weight < match.Weight)
        {
            result[index] = match;
        }
    }

    /// <param name="Source">A regex fragment in which a single space stands for a word separator.</param>
    /// <param name="Also">A second canonical entity the same words name ("Bhamo falls" is also the place Bhamo).</param>
    private sealed record Term(
        string Canonical,
        EntityCategory Category,
        SignalSeverity Severity,
        double Weight,
        bool IsLocal,
        bool IsRareEarthFirm,
        string Source,
        string? Also = null)
    {
        /// <summary>
        /// A term in a script written without spaces between words (Chinese, Burmese): it matches anywhere,
        /// with no word boundary and no plural suffix ("克钦独立军" inside "缅北克钦独立军称").
        /// </summary>
        public bool Unspaced { get; } = Source.Any(IsUnspacedScript);
    }

    /// <summary>CJK ideographs and punctuation, and the Myanmar block: scripts without spaces between words.</summary>
    private static bool IsUnspacedScript(char c) =>
        c is (>= '\u3000' and <= '\u303F') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\u1000' and <= '\u109F') or (>= '\uAA60' and <= '\uAA7F');

    private static Regex CompileTerm(Term term) =>
        new(
            term.Unspaced
                ? $@"\G(?:{term.Source.Replace(" ", Sep, StringComparison.Ordinal)})"
                : $@"\G(?:{term.Source.Replace(" ", Sep, StringComparison.Ordinal)})(?:e?s)?(?!{LetterOrDigit})",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(5));

    private static Dictionary<char, (string Trigger, int Term)[]> BuildTriggers(Term[] terms, out SearchValues<string> values)
    {
        var all = new List<(string Trigger, int Term)>();
        for (var i = 0; i < terms.Length; i++)
        {
            foreach (var trigger in LeadingLiterals(terms[i].Source, 0).Distinct(StringComparer.Ordinal))
            {
                if (trigger.Length == 0)
                {
                    throw new InvalidOperationException($"Gazetteer term '{terms[i].Source}' must start with a literal word.");
                }

                all.Add((trigger, i));
            }
        }

        values = SearchValues.Create([.. all.Select(t => t.Trigger).Distinct(StringComparer.Ordinal)], StringComparison.OrdinalIgnoreCase);
        return all
            .GroupBy(t => t.Trigger[0])
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>
    /// The lower-case literal texts a match of <paramref name="source"/> (from <paramref name="pos"/>) must start with.
    /// Understands the subset of regex the term table uses: literals, <c>x?</c>, <c>(?:a|b)</c>, <c>(?:a|b)?</c>,
    /// <c>(?-i:...)</c>; anything else ends the literal. An empty string means "no literal start".
    /// </summary>
    private static List<string> LeadingLiterals(string source, int pos)
    {
        if (pos >= source.Length)
        {
            return [string.Empty];
        }

        if (source.AsSpan(pos).StartsWith("(?-i:", StringComparison.Ordinal))
        {
            return LeadingLiterals(source, pos + 5);
        }

        if (source.AsSpan(pos).StartsWith("(?:", StringComparison.Ordinal))
        {
            var close = ClosingParen(source, pos);
            var result = new List<string>();
            foreach (var alternative in SplitTopLevel(source[(pos + 3)..close]))
            {
                result.AddRange(LeadingLiterals(alternative, 0));
            }

            if (close + 1 < source.Length && source[close + 1] == '?')
            {
                result.AddRange(LeadingLiterals(source, close + 2));
            }

            return result;
        }

        var end = pos;
        while (end < source.Length && char.IsLetterOrDigit(source[end]))
        {
            end++;
        }

        if (end < source.Length && source[end] is '?' or '*' && end > pos)
        {
            end--; // the last character is optional
        }

        return [source[pos..end].ToLowerInvariant()];
    }

    private static int ClosingParen(string source, int open)
    {
        var depth = 0;
        for (var i = open; i < source.Length; i++)
        {
            if (source[i] == '\\')
            {
                i++;
            }
            else if (source[i] == '(')
            {
                depth++;
            }
            else if (source[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Unbalanced parentheses in gazetteer term '{source}'.");
    }

    private static List<string> SplitTopLevel(string group)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < group.Length; i++)
        {
            switch (group[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth == 0:
                    parts.Add(group[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(group[start..]);
        return parts;
    }

    private static Term[] BuildTerms()
    {
        var terms = new List<Term>();

        // Phrases are regex fragments in which a single space stands for a word separator (Sep).
        void Add(string canonical, EntityCategory category, double weight, bool local, params string[] patterns)
        {
            foreach (var p in patterns)
            {
                terms.Add(new Term(canonical, category, SignalSeverity.None, weight, local, false, p));
            }
        }

        void Firm(string canonical, double weight, params string[] patterns)
        {
            foreach (var p in patterns)
            {
                terms.Add(new Term(canonical, EntityCategory.Organisation, SignalSeverity.None, weight, false, true, p));
            }
        }

        void Signal(string canonical, SignalSeverity severity, params string[] patterns)
        {
            foreach (var p in patterns)
            {
                terms.Add(new Term(canonical, EntityCategory.Signal, severity, 1.0, false, false, p));
            }
        }

        // Outlet names swallowed without an entity.
        Add("", EntityCategory.Organisation, 0, false, "Kachin News Group", "(?-i:Myanmar Now)", "Kachinland News");

        // Armed actors.
        Add("KIA", EntityCategory.Actor, 1.0, true,
            "(?-i:KIA)", "(?-i:KIO)", "Kachin Independence (?:Army|Organi[sz]ation)",
            "Kachin (?:rebels?|insurgents?|fighters?|armed groups?|militias?|ethnic army|army|resistance)");
        Add("Myanmar military", EntityCategory.Actor, 0.9, true,
            "Tatmadaw", "State Administration Council", "Myanmar" + Apos + "?s? (?:military|army|armed forces|junta|regime)",
            "Burmese (?:military|army|junta)");
        Add("Myanmar military", EntityCategory.Actor, 0.5, true, "(?-i:SAC)");
        Add("Myanmar military", EntityCategory.Actor, 0.4, true, "juntas?", "military regime");

        // Places of the supply region.
        Add("Kachin State", EntityCategory.Place, 1.0, true, "Kachin(?: State)?");
        Add("Bhamo", EntityCategory.Place, 1.0, true, "Bhamo", "Banmaw");
        Add("Chipwe", EntityCategory.Place, 1.0, true, "Chipwe", "Chipwi", "Chi Hpwi", "Chiphwe");
        Add("Pangwa", EntityCategory.Place, 1.0, true, "Pangwa", "Panwa");
        Add("Kanpaiti", EntityCategory.Place, 0.9, true, "Kanpaiti", "Kan Pai Ti", "Kanpiketi");
        Add("Myitkyina", EntityCategory.Place, 0.8, true, "Myitkyina");
        Add("Lashio", EntityCategory.Place, 0.6, true, "Lashio");
        Add("Muse", EntityCategory.Place, 0.25, true, "(?-i:Muse)");
        Add("China–Myanmar border", EntityCategory.Place, 0.9, true,
            "(?:China|Chinese|Sino|Yunnan) Myanmar(?= borders?)", "Myanmar China(?= borders?)", "Myanmar Yunnan(?= borders?)",
            "(?:China|Chinese|Sino|Yunnan) Burm(?:a|ese)(?= borders?)");
        Add("Myanmar", EntityCategory.Place, 0.7, true, "Myanmar", "Burma", "Burmese");
        Add("Tengchong", EntityCategory.Place, 0.8, true, "Tengchong");
        Add("Houqiao", EntityCategory.Place, 0.9, true, "Houqiao");
        Add("Ruili", EntityCategory.Place, 0.5, true, "Ruili");

        // Other places: weak context.
        Add("China", EntityCategory.Place, 0.3, false, "China", "Chinese", "Beijing");

        // Commodities.
        Add("heavy rare earths", EntityCategory.Commodity, 1.0, false,
            "heavy rare earths?(?: elements?| oxides?| metals?)?", "(?-i:HREEs?)");
        Add("dysprosium", EntityCategory.Commodity, 1.0, false, "dysprosium", "Dy2O3", "Dy oxide");
        Add("terbium", EntityCategory.Commodity, 1.0, false, "terbium", "Tb4O7", "Tb oxide");
        Add("rare earths", EntityCategory.Commodity, 0.7, false,
            "rare earths?(?: elements?| oxides?| metals?| minerals?| magnets?)?", "(?-i:REEs?)");
        Add("NdPr", EntityCategory.Commodity, 0.5, false, "(?-i:NdPr)", "(?-i:PrNd)", "neodymium", "praseodymium");
        Add("yttrium", EntityCategory.Commodity, 0.6, false, "yttrium");
        Add("gadolinium", EntityCategory.Commodity, 0.5, false, "gadolinium");
        Add("holmium", EntityCategory.Commodity, 0.5, false, "holmium");

        // States' agencies and firms.
        Add("China MOFA", EntityCategory.Organisation, 0.6, false,
            "(?-i:MOFA)", "(?:China|Chinese|Beijing)" + Apos + "?s? foreign ministry", "(?:China|Chinese)" + Apos + "?s? Ministry of Foreign Affairs");
        Add("China customs (GACC)", EntityCategory.Organisation, 0.6, false,
            "GACC", "General Administration of Customs", "(?:China|Chinese)" + Apos + "?s? customs");
        Firm("IREL", 0.7, "IREL", "India Rare Earths?(?: Ltd| Limited)?");
        Firm("Lynas", 0.5, "Lynas(?: Rare Earths)?");
        Firm("MP Materials", 0.5, "MP Materials");
        Firm("China Northern Rare Earth", 0.6, "(?:China )?Northern Rare Earths?(?: Group)?(?: High Tech)?");
        Firm("China Rare Earth Group", 0.6, "China Rare Earths? Group");
        terms.Add(new Term("Bawn Myang", EntityCategory.Organisation, SignalSeverity.None, 1.0, true, true, "Bawn Myang(?: Co(?:mpany)?(?: Ltd)?)?"));

        // Signals, high severity.
        Signal("ultimatum", SignalSeverity.High, "ultimatums?");
        Signal("blockade", SignalSeverity.High, "blockad(?:e|es|ed|ing)");
        Signal("border closure", SignalSeverity.High,
            "border closures?",
            "clos(?:e|es|ed|ing)(?= (?:the |its |a |key |main )?(?:[\\p{L}\\-]+ ){0,2}border)",
            "(?:shut|shuts|shutting|seal|seals|sealed|sealing)(?= (?:down )?(?:the |its |a |key |main )?(?:[\\p{L}\\-]+ ){0,2}border)",
            "border(?: gates?| crossings?| posts?)? (?:clos(?:ed|es|ure)|shut|sealed)",
            "(?:border )?gates? (?:closed|shut)", "closed borders?");
        Signal("export controls", SignalSeverity.High,
            "export (?:bans?|controls?|curbs?|restrictions?|licen[cs]ing|halt|suspension)",
            "bans? on (?:[\\p{L}\\-]+ ){0,3}exports?",
            "(?:ban|bans|banned|banning|restrict|restricts|restricted|restricting|curb|curbs|curbed|halt|halts|halted|suspend|suspends|suspended)(?= (?:the |its |some )?(?:[\\p{L}\\-]+ ){0,3}exports?)",
            "curbs? on (?:[\\p{L}\\-]+ ){0,3}exports?");
        Signal("mine shutdown", SignalSeverity.High,
            "mines? (?:shutdowns?|shut down|shut|closures?|suspended|halted|closed|idled)",
            "mining (?:halts?|halted|suspended|suspension|stopped|shutdown)",
            "(?:halt|halts|halted|halting|suspend|suspends|suspended|suspending|stop|stops|stopped|stopping|shut|shuts|shutting|close|closes|closed|closing)(?= (?:down )?(?:the |all |its )?(?:[\\p{L}\\-]+ ){0,3}(?:mining|mines?)(?![\\p{L}]))");
        Signal("capture of Bhamo", SignalSeverity.High,
            "(?:captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing|ure)|tak(?:e|es|ing)|took|overr(?:an|uns?)|fall|falls|fell|control)(?= (?:of |to )?(?:the )?(?:(?:town|city) of )?(?:Bhamo|Banmaw)(?![\\p{L}]))");
        const string Fell = " (?:falls|fell|captured|seized|overrun)";
        terms.Add(new Term("capture of Bhamo", EntityCategory.Signal, SignalSeverity.High, 1.0, false, false, "(?:Bhamo|Banmaw)" + Fell, Also: "Bhamo"));
        terms.Add(new Term("capture of mining belt", EntityCategory.Signal, SignalSeverity.High, 1.0, false, false, "(?:Chipwe|Chipwi)" + Fell, Also: "Chipwe"));
        terms.Add(new Term("capture of mining belt", EntityCategory.Signal, SignalSeverity.High, 1.0, false, false, "(?:Pangwa|Panwa)" + Fell, Also: "Pangwa"));
        Signal("capture of mining belt", SignalSeverity.High,
            "(?:captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing|ure)|tak(?:e|es|ing)|took|overr(?:an|uns?)|fall|falls|fell|control)(?= (?:of |over )?(?:the )?(?:main |key |largest |major |lucrative )?(?:(?:heavy )?rare earths? )?(?:mining (?:belt|hub|areas?|regions?|towns?|sites?)|mines|mine sites?|Chipwe|Chipwi|Pangwa|Panwa)(?![\\p{L}]))");

        // Signals, normal severity.
        Signal("tax on miners", SignalSeverity.Normal,
            "tax(?:es|ed|ing)?(?= on (?:[\\p{L}\\-]+ ){0,3}(?:miners|mining|mines|minerals|output|production))",
            "levy", "levies", "mining tax(?:es)?");
        Signal("airstrike", SignalSeverity.Normal, "air ?strikes?", "air raids?", "bombings?", "bombed", "drone strikes?");
        Signal("ceasefire", SignalSeverity.Normal, "cease ?fires?", "truces?");
        Signal("peace talks", SignalSeverity.Normal, "peace (?:talks?|deals?|agreements?|negotiations?|process)");
        Signal("inventory shipments", SignalSeverity.Normal,
            "(?:inventor(?:y|ies)|stockpiles?) (?:shipments?|shipped|to be shipped|released)",
            "(?:ship|ships|shipped|shipping|release|releases|released)(?= (?:existing |their |its |the )?(?:[\\p{L}\\-]+ ){0,2}(?:inventor(?:y|ies)|stockpiles?))");
        Signal("price spike", SignalSeverity.Normal,
            "prices? (?:spikes?|spiked|surges?|surged|soars?|soared|jumps?|jumped|rall(?:y|ies|ied)|skyrockets?|skyrocketed|hits? record|at record)",
            "(?:spikes?|surges?|jumps?) in prices?", "record prices?");
        Signal("fighting", SignalSeverity.Normal,
            "fighting", "clash(?:es|ed)?", "offensives?", "attack(?:s|ed|ing)?", "shelling", "battles?", "sieges?", "assaults?",
            "seiz(?:e|es|ed|ing|ure)", "captur(?:e|es|ed|ing)");

        // A quantified market move: a verb with a percentage, or a quote in yuan per kilogram or tonne. Counts only
        // next to a commodity ("Terbium oxide hits 6,550 yuan/kg, up 21.9%"), never as a conflict signal.
        Signal(MarketMove, SignalSeverity.Normal,
            "(?:up|down|rise|rises|rose|risen|rising|fall|falls|fell|fallen|falling|gain|gains|gained|climb|climbs|climbed|"
                + "jump|jumps|jumped|surge|surges|surged|soar|soars|soared|drop|drops|dropped|slump|slumps|slumped|plunge|plunges|plunged|"
                + "tumble|tumbles|tumbled|slide|slides|slid|sink|sinks|sank|collapse|collapses|collapsed|decline|declines|declined|"
                + "increase|increases|increased|decrease|decreases|decreased|higher|lower)"
                + "(?= (?:by |some |about |around |nearly |almost |over |more than |another |a further )?[+\\-\u2212]?\\d[\\d.,]*\\s?(?:%|percent|per cent|pct))",
            "(?:yuan|RMB|CNY|renminbi) ?(?:/|per ) ?(?:kg|kilo|kilogram|tonne|ton|mt|t)",
            "prices? (?:rise|rises|rose|rising|fall|falls|fell|falling|climb|climbs|climbed|gain|gains|gained|drop|drops|dropped|"
                + "slide|slides|slid|slip|slips|slipped|ease|eases|eased|firm|firms|firmed|up|down|higher|lower|hit|hits)");

        AddChineseAndBurmese(terms);
        return [.. terms];
    }

    /// <summary>
    /// Chinese and Burmese names and signal words. Both scripts are written without spaces between words, so these
    /// terms match anywhere in a run of text (see <see cref="Term.Unspaced"/>); longer names are tried first
    /// ("克钦独立军" before "克钦", "中重稀土" before "稀土").
    /// </summary>
    private static void AddChineseAndBurmese(List<Term> terms)
    {
        void Add(string canonical, EntityCategory category, double weight, bool local, params string[] patterns)
        {
            foreach (var p in patterns)
            {
                terms.Add(new Term(canonical, category, SignalSeverity.None, weight, local, false, p));
            }
        }

        void Signal(string canonical, SignalSeverity severity, params string[] patterns)
        {
            foreach (var p in patterns)
            {
                terms.Add(new Term(canonical, EntityCategory.Signal, severity, 1.0, false, false, p));
            }
        }

        // Chinese.
        Add("KIA", EntityCategory.Actor, 1.0, true, "克钦独立军", "克钦独立组织", "克钦武装", "克钦独立武装");
        Add("Myanmar military", EntityCategory.Actor, 0.9, true, "缅军", "缅甸军方", "缅甸军政府", "缅甸政府军", "国家管理委员会");
        Add("Kachin State", EntityCategory.Place, 1.0, true, "克钦邦", "克钦");
        Add("Bhamo", EntityCategory.Place, 1.0, true, "八莫");
        Add("Chipwe", EntityCategory.Place, 1.0, true, "其培", "漆培");
        Add("Pangwa", EntityCategory.Place, 1.0, true, "板瓦");
        Add("Myitkyina", EntityCategory.Place, 0.8, true, "密支那");
        Add("Lashio", EntityCategory.Place, 0.6, true, "腊戌");
        Add("Muse", EntityCategory.Place, 0.5, true, "木姐");
        Add("China–Myanmar border", EntityCategory.Place, 0.9, true, "中缅边境", "中缅边界", "中缅口岸", "滇缅边境");
        Add("Tengchong", EntityCategory.Place, 0.8, true, "腾冲");
        Add("Houqiao", EntityCategory.Place, 0.9, true, "猴桥");
        Add("Ruili", EntityCategory.Place, 0.5, true, "瑞丽");
        Add("Myanmar", EntityCategory.Place, 0.8, true, "缅北");
        Add("Myanmar", EntityCategory.Place, 0.7, true, "缅甸");
        Add("China", EntityCategory.Place, 0.3, false, "中国", "北京");
        Add("heavy rare earths", EntityCategory.Commodity, 1.0, false, "中重稀土", "重稀土");
        Add("dysprosium", EntityCategory.Commodity, 1.0, false, "氧化镝", "镝");
        Add("terbium", EntityCategory.Commodity, 1.0, false, "氧化铽", "铽");
        Add("rare earths", EntityCategory.Commodity, 0.7, false, "稀土");
        Add("NdPr", EntityCategory.Commodity, 0.5, false, "氧化镨钕", "镨钕");
        Add("yttrium", EntityCategory.Commodity, 0.6, false, "氧化钇");
        Add("China MOFA", EntityCategory.Organisation, 0.6, false, "外交部");
        Add("China customs (GACC)", EntityCategory.Organisation, 0.6, false, "海关总署", "海关");
        terms.Add(new Term("China Northern Rare Earth", EntityCategory.Organisation, SignalSeverity.None, 0.6, false, true, "北方稀土"));
        terms.Add(new Term("China Rare Earth Group", EntityCategory.Organisation, SignalSeverity.None, 0.6, false, true, "中国稀土集团"));
        Signal("ultimatum", SignalSeverity.High, "最后通牒");
        Signal("blockade", SignalSeverity.High, "封锁");
        Signal("border closure", SignalSeverity.High, "封关", "关闭口岸", "口岸关闭", "边境关闭", "关闭边境", "口岸暂停通关", "暂停通关");
        Signal("export controls", SignalSeverity.High, "出口管制", "禁止出口", "限制出口", "出口禁令", "暂停出口");
        Signal("mine shutdown", SignalSeverity.High, "停产", "停止开采", "停采", "矿山关闭", "矿区关闭");
        terms.Add(new Term("capture of Bhamo", EntityCategory.Signal, SignalSeverity.High, 1.0, false, false, "(?:攻占|占领|夺取|控制)八莫", Also: "Bhamo"));
        Signal("capture of mining belt", SignalSeverity.High, "(?:攻占|占领|夺取|控制)(?:稀土)?矿区");
        Signal("tax on miners", SignalSeverity.Normal, "征税", "税收");
        Signal("airstrike", SignalSeverity.Normal, "空袭", "轰炸");
        Signal("ceasefire", SignalSeverity.Normal, "停火");
        Signal("peace talks", SignalSeverity.Normal, "和谈");
        Signal("inventory shipments", SignalSeverity.Normal, "库存(?:运往|出口|发运|外运|运出)");
        Signal("fighting", SignalSeverity.Normal, "战斗", "冲突", "交火", "攻势", "进攻", "激战");
        Signal(MarketMove, SignalSeverity.Normal,
            "价格?(?:上涨|大涨|暴涨|飙升|下跌|上扬|走高|走低|回落|上调|下调)", "上涨", "大涨", "暴涨", "飙升", "下跌", "暴跌", "下降", "锐减", "骤降", "回落", "走高", "走低", "上扬",
            "涨价", "涨至", "跌至", "涨幅", "跌幅", "元/(?:公斤|千克|吨)");

        // Burmese.
        Add("KIA", EntityCategory.Actor, 1.0, true, "ကချင်လွတ်မြောက်ရေး");
        Add("Myanmar military", EntityCategory.Actor, 0.9, true, "စစ်ကောင်စီ", "စစ်တပ်");
        Add("Kachin State", EntityCategory.Place, 1.0, true, "ကချင်");
        Add("Bhamo", EntityCategory.Place, 1.0, true, "ဗန်းမော်");
        Add("Chipwe", EntityCategory.Place, 1.0, true, "ချီဖွေ");
        Add("Pangwa", EntityCategory.Place, 1.0, true, "ပန်ဝါ");
        Add("Myitkyina", EntityCategory.Place, 0.8, true, "မြစ်ကြီးနား");
        Add("Lashio", EntityCategory.Place, 0.6, true, "လားရှိုး");
        Add("Muse", EntityCategory.Place, 0.5, true, "မူဆယ်");
        Add("Myanmar", EntityCategory.Place, 0.7, true, "မြန်မာ");
        Add("China", EntityCategory.Place, 0.3, false, "တရုတ်");
        Add("rare earths", EntityCategory.Commodity, 0.7, false, "ရှားပါးမြေ");
        Signal("fighting", SignalSeverity.Normal, "တိုက်ပွဲ", "ထိုးစစ်");
        Signal("airstrike", SignalSeverity.Normal, "လေကြောင်းတိုက်ခိုက်", "ဗုံးကြဲ");
        Signal("ceasefire", SignalSeverity.Normal, "အပစ်အခတ်ရပ်");
        Signal("border closure", SignalSeverity.High, "နယ်စပ်ဂိတ်ပိတ်", "နယ်စပ်ပိတ်");
        Signal(MarketMove, SignalSeverity.Normal, "ဈေးနှုန်းမြင့်တက်", "ဈေးတက်", "ဈေးကျ");
    }

    private static Dictionary<string, GazetteerEntry> BuildEntries(Term[] terms)
    {
        var entries = new Dictionary<string, GazetteerEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in terms)
        {
            if (t.Canonical.Length > 0 && !entries.ContainsKey(t.Canonical))
            {
                entries[t.Canonical] = new GazetteerEntry(t.Canonical, t.Category, t.Severity, t.IsLocal, t.IsRareEarthFirm);
            }
        }

        return entries;
    }
}
