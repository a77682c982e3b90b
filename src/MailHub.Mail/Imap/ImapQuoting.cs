namespace MailHub.Mail.Imap;

/// <summary>How an argument goes on the wire: quoted when it can be, a literal when it must (CR, LF, 8-bit, long).</summary>
internal static class ImapQuoting
{
    public static bool NeedsLiteral(string value) =>
        value.Length > 1000 || value.Any(c => c is '\r' or '\n' or '\0' || c > '~');

    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
