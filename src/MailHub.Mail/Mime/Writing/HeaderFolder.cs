using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Writes a header field folded at whitespace so lines stay within 78 characters where the pieces allow it and never
/// exceed 998 octets (RFC 5322 §2.1.1, §2.2.3).
/// </summary>
internal static class HeaderFolder
{
    public const int SoftLimit = 78;
    public const int HardLimit = 998;

    /// <summary>The whole field, "Name: value" with folds, ending in CRLF.</summary>
    public static string Fold(string name, IEnumerable<HeaderToken> tokens)
    {
        var sb = new StringBuilder(name).Append(':');
        var line = name.Length + 1;

        // Never fold before the first piece: a field whose value starts on the next line confuses some readers, and
        // 78 is only a SHOULD.
        var started = false;

        void Append(string text)
        {
            sb.Append(text);
            line += Encoding.UTF8.GetByteCount(text);
            if (line > HardLimit)
            {
                throw new InvalidOperationException($"The {name} header has a piece too long for one line ({HardLimit} octets at most): shorten it.");
            }
        }

        void Fold()
        {
            if (started)
            {
                sb.Append("\r\n");
                line = 0;
            }
        }

        foreach (var token in tokens)
        {
            var groupFits = token.Leading.Length + token.GroupLength <= SoftLimit;
            if (token.GroupLength > 0 && groupFits && token.Leading.Length > 0 && line + token.Leading.Length + token.GroupLength > SoftLimit)
            {
                Fold();
            }

            if (!token.Encode)
            {
                var length = Encoding.UTF8.GetByteCount(token.Text);
                if (token.Leading.Length > 0 && line > 0 && line + token.Leading.Length + length > SoftLimit)
                {
                    Fold();
                }

                Append(token.Leading);
                Append(token.Text);
                started = true;
                continue;
            }

            var base64 = EncodedWordEncoder.PreferBase64(token.Text);
            var index = 0;
            var first = true;
            while (index < token.Text.Length)
            {
                var leading = first ? token.Leading : " ";
                var prefix = first ? token.Prefix : string.Empty;
                var reserved = leading.Length + prefix.Length + token.Suffix.Length;
                var room = SoftLimit - line - reserved;
                if (room < EncodedWordEncoder.MinWordLength && leading.Length > 0)
                {
                    Fold();
                    room = SoftLimit - line - reserved;
                }

                var word = EncodedWordEncoder.TakeWord(token.Text, ref index, base64, room);
                Append(leading);
                Append(prefix);
                Append(word);
                first = false;
                started = true;
            }

            Append(token.Suffix);
        }

        return sb.Append("\r\n").ToString();
    }
}
