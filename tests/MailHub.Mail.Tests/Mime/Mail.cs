using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

/// <summary>Builds test messages from lines (CRLF unless told otherwise) and reads them as MailHub does.</summary>
internal static class Mail
{
    public static byte[] Bytes(string text, string lineEnding = "\r\n") =>
        Encoding.UTF8.GetBytes(text.ReplaceLineEndings(lineEnding));

    public static LoadedMail Parse(string text, string lineEnding = "\r\n") => MailReader.Load(Bytes(text, lineEnding));

    public static LoadedMail Parse(byte[] bytes) => MailReader.Load(bytes);

    /// <summary>Raw bytes of a header line in some charset (for raw 8-bit header tests).</summary>
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
