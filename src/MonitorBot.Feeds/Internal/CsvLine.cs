using System.Text;

namespace MonitorBot.Feeds.Internal;

internal static class CsvLine
{
    /// <summary>Splits one CSV line on <paramref name="delimiter"/>, honouring double quotes ("a,b" and "" escapes). Fields are trimmed.</summary>
    public static string[] Split(string line, char delimiter = ',')
    {
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(delimiter, StringSplitOptions.TrimEntries);
        }

        var fields = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else sb.Append(c);
            }
            else if (c == '"') inQuotes = true;
            else if (c == delimiter) { fields.Add(sb.ToString().Trim()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString().Trim());
        return [.. fields];
    }

    /// <summary>',' unless the header uses ';' or tabs only.</summary>
    public static char DetectDelimiter(string header)
    {
        if (header.Contains(',', StringComparison.Ordinal)) return ',';
        if (header.Contains(';', StringComparison.Ordinal)) return ';';
        if (header.Contains('\t', StringComparison.Ordinal)) return '\t';
        return ',';
    }
}
