using System.Globalization;
using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Address lists (RFC 5322 §3.4): display names as atoms, quoted strings or RFC 2047 words; IDN domains as
/// A-labels unless UTF-8 headers are allowed; commas glued to the address so folds fall between mailboxes and words.
/// </summary>
internal static class AddressFormatter
{
    public static List<HeaderToken> Tokens(IReadOnlyList<MailboxAddress> mailboxes, bool utf8Headers)
    {
        var tokens = new List<HeaderToken>();
        for (var i = 0; i < mailboxes.Count; i++)
        {
            var mailbox = mailboxes[i];
            var separator = i == mailboxes.Count - 1 ? string.Empty : ",";
            var addrSpec = AddrSpec(mailbox.Address, utf8Headers);
            var name = mailbox.Name is null ? string.Empty : UnstructuredText.Clean(mailbox.Name);
            if (name.Length == 0)
            {
                tokens.Add(HeaderToken.Literal(addrSpec + separator));
                continue;
            }

            var first = tokens.Count;
            var angleAddr = $"<{addrSpec}>{separator}";
            int nameLength;
            if (NeedsEncoding(name, utf8Headers))
            {
                tokens.Add(HeaderToken.Encoded(name));
                nameLength = EncodedWordEncoder.Encode(name).Sum(word => word.Length + 1) - 1;
            }
            else if (IsPhraseOfAtoms(name, utf8Headers))
            {
                tokens.AddRange(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => HeaderToken.Literal(word)));
                nameLength = Encoding.UTF8.GetByteCount(name);
            }
            else
            {
                var quoted = Quote(name);
                tokens.Add(HeaderToken.Literal(quoted));
                nameLength = Encoding.UTF8.GetByteCount(quoted);
            }

            tokens.Add(HeaderToken.Literal(angleAddr));

            // Keep "name <address>," on one line when it fits on one.
            tokens[first] = tokens[first] with { GroupLength = nameLength + 1 + Encoding.UTF8.GetByteCount(angleAddr) };
        }

        return tokens;
    }

    public static string AddrSpec(string address, bool utf8Headers)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (!utf8Headers)
        {
            if (!Ascii.IsValid(local))
            {
                throw new InvalidOperationException(
                    $"The address {address} has a non-ASCII local part: it can only be sent through a server that supports SMTPUTF8, with MimeWriteOptions.Utf8Headers set.");
            }

            domain = Ascii.IsValid(domain) ? domain : new IdnMapping().GetAscii(domain);
        }

        return (IsDotAtom(local, utf8Headers) ? local : Quote(local)) + "@" + domain;
    }

    private static bool NeedsEncoding(string name, bool utf8Headers) =>
        name.Any(c => char.IsControl(c) && c != '\t') || (!utf8Headers && !Ascii.IsValid(name)) || name.Length > 500
        || (name.Contains("=?", StringComparison.Ordinal) && name.Contains("?=", StringComparison.Ordinal));

    private static bool IsPhraseOfAtoms(string name, bool utf8Headers) =>
        name.All(c => c == ' ' || IsAtext(c, utf8Headers)) && !name.Contains("  ", StringComparison.Ordinal);

    private static bool IsDotAtom(string local, bool utf8Headers) =>
        local.Length > 0 && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal)
        && local.All(c => c == '.' || IsAtext(c, utf8Headers));

    // RFC 5322 §3.2.3 atext; RFC 6532 §3.2 adds any non-ASCII character.
    private static bool IsAtext(char c, bool utf8Headers) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal) || (utf8Headers && c > '~');

    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }
}
