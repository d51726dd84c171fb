using System.Text;

namespace MonitorBot.Feeds.Internal;

/// <summary>
/// Picks the character encoding of a fetched text body and decodes it with invalid bytes replaced (U+FFFD), never
/// failing. Order (RFC 7303 §3, as mature feed readers do): a byte-order mark, then the HTTP charset, then the XML
/// declaration's encoding (or an HTML meta charset), then UTF-8. Legacy code pages (windows-1252, GB2312/GBK/GB18030,
/// Big5, …) come from <see cref="CodePagesEncodingProvider"/>, which is part of the shared framework.
/// </summary>
internal static class FeedEncodings
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    static FeedEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The rest of the stream as bytes (no copy when it is a whole MemoryStream at position 0).</summary>
    public static byte[] ReadBytes(Stream content)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            var start = (int)memory.Position;
            var bytes = segment.Array is { } array && segment.Offset == 0 && start == 0 && segment.Count == array.Length
                ? array
                : segment.AsSpan(start).ToArray();
            memory.Position = memory.Length;
            return bytes;
        }
        if (content.CanSeek)
        {
            var exact = new byte[content.Length - content.Position];
            content.ReadExactly(exact);
            return exact;
        }
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The whole stream decoded to text (see the class summary for how the encoding is chosen).</summary>
    public static string ReadAll(Stream content, string? contentType) => Decode(ReadBytes(content), contentType);

    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (encoding, preamble) = Detect(bytes, contentType);
        return encoding.GetString(bytes[preamble..]);
    }

    /// <summary>The encoding to use and the length of the byte-order mark to skip.</summary>
    public static (Encoding Encoding, int Preamble) Detect(ReadOnlySpan<byte> bytes, string? contentType)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (Utf8, 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (new UnicodeEncoding(false, false, false), 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (new UnicodeEncoding(true, false, false), 2);
        if (bytes.Length >= 4 && bytes[0] == '<' && bytes[1] == 0 && bytes[2] == '?' && bytes[3] == 0) return (new UnicodeEncoding(false, false, false), 0);
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == '<' && bytes[2] == 0 && bytes[3] == '?') return (new UnicodeEncoding(true, false, false), 0);

        if (FromName(CharsetOf(contentType)) is { } fromHttp) return (fromHttp, 0);
        if (FromName(DeclaredCharset(bytes)) is { } declared) return (declared, 0);
        return (Utf8, 0);
    }

    /// <summary>
    /// True when an XML reader may decode the body itself with the same result: the chosen encoding is UTF-8 and the XML
    /// declaration (in <paramref name="head"/>) names no other encoding. Invalid bytes are still the caller's to handle.
    /// </summary>
    public static bool IsUtf8(ReadOnlySpan<byte> head, Encoding chosen, int preamble)
    {
        if (chosen is not UTF8Encoding) return false;
        var declared = DeclaredCharset(head[preamble..]);
        return declared is null || ReferenceEquals(FromName(declared), Utf8);
    }

    /// <summary>The charset parameter of a Content-Type, or null.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        foreach (var part in contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))
            {
                var value = part["charset=".Length..].Trim().Trim('"', '\'');
                return value.Length == 0 ? null : value;
            }
        }
        return null;
    }

    /// <summary>
    /// An encoding by label, with WHATWG aliases: ISO-8859-1 and US-ASCII are read as windows-1252 (what servers that
    /// declare them really send), GB2312 and GBK as GB18030 (a superset). Unknown or UTF-16 labels (without a BOM) → null.
    /// </summary>
    public static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var label = name.Trim().ToLowerInvariant();
        label = label switch
        {
            "utf8" or "utf-8" or "unicode-1-1-utf-8" => "utf-8",
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252" or "windows-1252" or "x-cp1252" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "cp936" or "gb_2312-80" or "euc-cn" or "gb18030" => "gb18030",
            "big5" or "big5-hkscs" or "cn-big5" or "x-x-big5" or "cp950" => "big5",
            _ => label,
        };
        if (label == "utf-8") return Utf8;
        if (label.StartsWith("utf-16", StringComparison.Ordinal) || label.StartsWith("utf-32", StringComparison.Ordinal)) return null;
        try
        {
            return Encoding.GetEncoding(label, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>encoding="…" of an XML declaration, or the charset of an HTML &lt;meta&gt; in the first 1 KB; ASCII-compatible only.</summary>
    private static string? DeclaredCharset(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        if (head.StartsWith("<?xml"u8))
        {
            var end = head.IndexOf("?>"u8);
            var decl = end < 0 ? head : head[..end];
            var at = decl.IndexOf("encoding"u8);
            if (at < 0) return null;
            return QuotedValue(decl[(at + "encoding".Length)..]);
        }
        var meta = IndexOfIgnoreCase(head, "charset="u8);
        if (meta < 0) return null;
        var rest = head[(meta + "charset=".Length)..];
        var length = 0;
        while (length < rest.Length && length < 40 && (char.IsAsciiLetterOrDigit((char)rest[length]) || rest[length] is (byte)'-' or (byte)'_')) length++;
        if (length == 0 && rest.Length > 0 && rest[0] is (byte)'"' or (byte)'\'') return QuotedValue(rest);
        return length == 0 ? null : Encoding.ASCII.GetString(rest[..length]);
    }

    private static string? QuotedValue(ReadOnlySpan<byte> afterName)
    {
        var i = 0;
        while (i < afterName.Length && afterName[i] is (byte)' ' or (byte)'=' or (byte)'\t') i++;
        if (i >= afterName.Length || afterName[i] is not ((byte)'"' or (byte)'\'')) return null;
        var quote = afterName[i];
        var rest = afterName[(i + 1)..];
        var end = rest.IndexOf(quote);
        if (end <= 0 || end > 40) return null;
        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = char.ToLowerInvariant((char)haystack[i + j]) == needle[j];
            }
            if (match) return i;
        }
        return -1;
    }
}
