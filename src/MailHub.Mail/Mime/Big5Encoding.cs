using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// Big5 as mail uses it: Windows CP950 plus the ETEN extension rows (0xC6A1-0xC7FE: kana, Cyrillic, circled
/// numbers) that CP950 leaves out but Taiwanese and Hong Kong mailers write.
/// </summary>
internal sealed class Big5Encoding : Encoding
{
    public static readonly Big5Encoding Instance = new();

    // (first code, first code point, count): runs of consecutive codes mapping to consecutive code points.
    private static readonly (int Code, int CodePoint, int Count)[] Eten =
    [
        (0xC6A1, 0x30FE, 1), (0xC6A2, 0x309D, 2), (0xC6A4, 0x3005, 1), (0xC6A5, 0x3041, 83), (0xC6F8, 0x30A1, 7),
        (0xC740, 0x30A8, 63), (0xC7A1, 0x30E7, 16), (0xC7B1, 0x0414, 2), (0xC7B3, 0x0401, 1), (0xC7B4, 0x0416, 7),
        (0xC7BB, 0x0423, 19), (0xC7CE, 0x0451, 1), (0xC7CF, 0x0436, 26), (0xC7E9, 0x2460, 10), (0xC7F3, 0x2474, 10),
    ];

    private readonly Encoding _cp950;

    private Big5Encoding() : base(950)
    {
        // Not Encoding.GetEncoding(950): our provider answers that with this class.
        _cp950 = CodePagesEncodingProvider.Instance.GetEncoding(950)!;
    }

    public override string WebName => "big5";

    public override int GetByteCount(char[] chars, int index, int count) => _cp950.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        _cp950.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count)).Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var text = Decode(bytes.AsSpan(byteIndex, byteCount));
        text.CopyTo(0, chars, charIndex, text.Length);
        return text.Length;
    }

    public override int GetMaxByteCount(int charCount) => _cp950.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => _cp950.GetMaxCharCount(byteCount);

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var start = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x81 || i + 1 >= bytes.Length)
            {
                i++;
                continue;
            }
            if (b is 0xC6 or 0xC7 && Lookup((b << 8) | bytes[i + 1]) is var c and > 0)
            {
                sb.Append(_cp950.GetString(bytes[start..i]));
                sb.Append((char)c);
                i += 2;
                start = i;
                continue;
            }
            i += 2;
        }
        sb.Append(_cp950.GetString(bytes[start..]));
        return sb.ToString();
    }

    private static int Lookup(int code)
    {
        foreach (var (first, codePoint, count) in Eten)
        {
            if (code >= first && code < first + count)
                return codePoint + (code - first);
        }
        return 0;
    }
}
