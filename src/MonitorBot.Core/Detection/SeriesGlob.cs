namespace MonitorBot.Core.Detection;

/// <summary>
/// Glob matching of series ids: '*' matches any run of characters, '?' exactly one; a pattern may list
/// alternatives separated by ',' or '|' ("*-oxide", "remx,mp,lyc*"). Case-insensitive.
/// </summary>
public static class SeriesGlob
{
    private static readonly char[] Separators = [',', '|'];

    /// <summary>The non-empty, trimmed alternatives of a pattern.</summary>
    public static IReadOnlyList<string> Alternatives(string? pattern) =>
        string.IsNullOrWhiteSpace(pattern)
            ? []
            : pattern.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when any alternative of <paramref name="pattern"/> matches the whole <paramref name="seriesId"/>.</summary>
    public static bool IsMatch(string? pattern, string? seriesId)
    {
        if (seriesId is null)
        {
            return false;
        }

        foreach (var alternative in Alternatives(pattern))
        {
            if (Matches(alternative.AsSpan(), seriesId.AsSpan()))
            {
                return true;
            }
        }

        return false;
    }

    // Iterative wildcard match with backtracking to the last '*': linear in practice, no regex.
    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
