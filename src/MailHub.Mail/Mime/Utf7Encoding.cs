using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// RFC 2152 UTF-7. .NET no longer hands out its own UTF-7 encoding, and old mail still uses it.
/// </summary>
internal sealed class Utf7Encoding : Encoding
{
    public static readonly Utf7Encoding Instance = new();

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Utf7Encoding() : base(65000)
    {
    }

    public override string WebName => "utf-7";

    public override int GetByteCount(char[] chars, int index, int count) => Encode(chars.AsSpan(index, count), null);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Encode(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count), null);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        Decode(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetMaxByteCount(int charCount) => (charCount * 8 / 3) + 8;

    public override int GetMaxCharCount(int byteCount) => byteCount;

    private static bool IsDirect(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or ' ' or '\t' or '\r' or '\n'
            or '\'' or '(' or ')' or ',' or '-' or '.' or '/' or ':' or '?';

    private static int Encode(ReadOnlySpan<char> chars, Span<byte> output)
    {
        var n = 0;
        void Put(Span<byte> o, byte b)
        {
            if (!o.IsEmpty)
                o[n] = b;
            n++;
        }
        var i = 0;
        while (i < chars.Length)
        {
            if (IsDirect(chars[i]))
            {
                Put(output, (byte)chars[i++]);
                continue;
            }
            if (chars[i] == '+')
            {
                Put(output, (byte)'+');
                Put(output, (byte)'-');
                i++;
                continue;
            }
            Put(output, (byte)'+');
            int bits = 0, buffer = 0;
            while (i < chars.Length && !IsDirect(chars[i]))
            {
                buffer = (buffer << 16) | chars[i++];
                bits += 16;
                while (bits >= 6)
                {
                    bits -= 6;
                    Put(output, (byte)Alphabet[(buffer >> bits) & 63]);
                }
            }
            if (bits > 0)
                Put(output, (byte)Alphabet[(buffer << (6 - bits)) & 63]);
            Put(output, (byte)'-');
        }
        return n;
    }

    private static int Decode(ReadOnlySpan<byte> bytes, Span<char> output)
    {
        var n = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i++];
            if (b != '+')
            {
                if (!output.IsEmpty)
                    output[n] = (char)b;
                n++;
                continue;
            }
            if (i < bytes.Length && bytes[i] == '-')
            {
                if (!output.IsEmpty)
                    output[n] = '+';
                n++;
                i++;
                continue;
            }
            int bits = 0, buffer = 0;
            while (i < bytes.Length)
            {
                var v = Alphabet.IndexOf((char)bytes[i]);
                if (v < 0)
                    break;
                i++;
                buffer = (buffer << 6) | v;
                bits += 6;
                if (bits >= 16)
                {
                    bits -= 16;
                    if (!output.IsEmpty)
                        output[n] = (char)((buffer >> bits) & 0xFFFF);
                    n++;
                }
            }
            if (i < bytes.Length && bytes[i] == '-')
                i++;
        }
        return n;
    }
}
