using System.Text;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests.Mime;

/// <summary>Builds test messages from lines (CRLF unless told otherwise) and parses them.</summary>
internal static class Mail
{
    public static byte[] Bytes(string text, string lineEnding = "\r\n") =>
        Encoding.UTF8.GetBytes(text.ReplaceLineEndings(lineEnding));

    public static MimeMessage Parse(string text, string lineEnding = "\r\n") => MimeMessage.Parse(Bytes(text, lineEnding).AsMemory());

    public static MimeMessage Parse(byte[] bytes) => MimeMessage.Parse(bytes.AsMemory());

    /// <summary>Raw bytes of a header line in some charset (for raw 8-bit header tests).</summary>
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
