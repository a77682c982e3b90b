using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace MailHub.Mail.Mime;

/// <summary>
/// Charset labels as they appear in real mail, mapped to .NET encodings. Shared by the parser and the writer.
/// </summary>
public static class Charsets
{
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);

    static Charsets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        GB18030 = Encoding.GetEncoding(54936);
        Gbk = Encoding.GetEncoding(936);
    }

    /// <summary>GB18030: a superset of GB2312 and GBK, the last-resort reading of raw 8-bit text.</summary>
    public static Encoding GB18030 { get; }

    /// <summary>
    /// The encoding for a charset label, or null when the label is unknown (or says nothing useful, like us-ascii:
    /// mail labelled us-ascii often carries 8-bit text, so callers apply the raw-text rule instead).
    /// </summary>
    public static Encoding? Find(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return null;
        return Cache.GetOrAdd(label, static l => Lookup(Normalize(l)));
    }

    /// <summary>Decodes bytes labelled with a charset; an unknown label falls back like raw 8-bit text.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? label, Encoding? fallback = null)
    {
        var encoding = Find(label);
        if (encoding is null)
            return DecodeRaw(bytes, fallback);
        // ISO-2022-* and UTF-7 are 7-bit: ASCII bytes are not ASCII text there.
        if (IsAscii(bytes) && !IsSevenBitEncoding(encoding))
            return Encoding.ASCII.GetString(bytes);
        return GetString(encoding, bytes);
    }

    /// <summary>
    /// encoding.GetString, with a fast path for GB18030: .NET's GB18030 decoder is several times slower than its
    /// GBK one, and text without four-byte sequences (second byte 0x30-0x39) reads the same in both, except for a
    /// few codes GBK maps to the private use area.
    /// </summary>
    public static string GetString(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        if (!ReferenceEquals(encoding, GB18030) || HasFourByteSequence(bytes))
            return encoding.GetString(bytes);
        var text = Gbk.GetString(bytes);
        return text.AsSpan().IndexOfAnyInRange('\uE000', '\uF8FF') >= 0 || text.Contains('\u20AC', StringComparison.Ordinal)
            ? GB18030.GetString(bytes)
            : text;
    }

    private static readonly Encoding Gbk;

    private static bool HasFourByteSequence(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] < 0x81)
                continue;
            if (bytes[i + 1] is >= 0x30 and <= 0x39)
                return true;
            i++;
        }
        return false;
    }

    private static bool IsSevenBitEncoding(Encoding encoding) => encoding.CodePage is 65000 or 50220 or 50221 or 50222 or 50225 or 52936;

    /// <summary>Raw 8-bit text: UTF-8 when it is valid UTF-8, else the fallback (the first text part's charset), else GB18030.</summary>
    public static string DecodeRaw(ReadOnlySpan<byte> bytes, Encoding? fallback = null)
    {
        if (IsAscii(bytes))
            return Encoding.ASCII.GetString(bytes);
        if (Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        return GetString(fallback ?? GB18030, bytes);
    }

    /// <summary>The encoding raw 8-bit text of these bytes would be read with.</summary>
    public static Encoding ForRaw(ReadOnlySpan<byte> bytes, Encoding? fallback = null) =>
        IsAscii(bytes) || Utf8.IsValid(bytes) ? Encoding.UTF8 : fallback ?? GB18030;

    internal static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);

    private static string Normalize(string label)
    {
        var l = label.Trim().Trim('"', '\'').Trim();
        // RFC 2231 language suffix in encoded words: "utf-8*en".
        var star = l.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
            l = l[..star];
        return l.ToLowerInvariant();
    }

    private static Encoding? Lookup(string label)
    {
        switch (label)
        {
            case "":
            case "us-ascii":
            case "ascii":
            case "ansi_x3.4-1968":
            case "iso646-us":
            case "x-unknown":
            case "unknown-8bit":
            case "default":
                return null;
            case "utf-8":
            case "utf8":
            case "x-utf-8":
                return Encoding.UTF8;
            // Mail labelled gb2312 routinely holds GBK characters; GB18030 reads all of them.
            case "gb2312":
            case "gbk":
            case "x-gbk":
            case "cp936":
            case "ms936":
            case "windows-936":
            case "gb_2312-80":
            case "csgb2312":
            case "euc-cn":
            case "x-euc-cn":
            case "chinese":
            case "gb18030":
                return GB18030;
            // Korean mail says ks_c_5601-1987 or euc-kr and means Microsoft's CP949 (Unified Hangul Code).
            case "ks_c_5601-1987":
            case "ks_c_5601":
            case "ksc5601":
            case "ksc_5601":
            case "euc-kr":
            case "cp949":
            case "x-windows-949":
            case "korean":
                return Encoding.GetEncoding(949);
            case "big5":
            case "big5-hkscs":
            case "x-big5":
            case "cn-big5":
            case "cp950":
                return Big5Encoding.Instance;
            case "shift_jis":
            case "shift-jis":
            case "sjis":
            case "x-sjis":
            case "ms_kanji":
            case "cp932":
            case "windows-31j":
                return Encoding.GetEncoding(932);
            case "utf-7":
            case "utf7":
            case "unicode-1-1-utf-7":
                return Utf7Encoding.Instance;
            case "latin1":
            case "latin-1":
            case "iso-8859-1":
            case "iso8859-1":
            case "iso_8859-1":
            case "l1":
                return Encoding.Latin1;
            default:
                break;
        }
        if (label.StartsWith("iso8859-", StringComparison.Ordinal) || label.StartsWith("iso_8859-", StringComparison.Ordinal))
            label = "iso-8859-" + label[(label.IndexOf('-', StringComparison.Ordinal) + 1)..];
        if (label.StartsWith("cp125", StringComparison.Ordinal) && label.Length == 6)
            label = "windows-" + label[2..];
        try
        {
            return Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
