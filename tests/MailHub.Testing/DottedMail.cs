using System.Globalization;
using System.Text;

namespace MailHub.Testing;

/// <summary>
/// A large 8-bit text message whose lines start with dots (a lone ".", "..", ". x"), the lines SMTP's DATA must
/// dot-stuff (RFC 5321 §4.5.2) and BDAT (RFC 3030) must not: for the tests that a delivery arrives intact.
/// </summary>
public static class DottedMail
{
    /// <summary>The body text alone (CRLF lines), about <paramref name="bytes"/> long.</summary>
    public static string Body(int bytes)
    {
        var body = new StringBuilder(bytes + 100);
        for (var i = 0; body.Length < bytes; i++)
        {
            body.Append((i % 4) switch
            {
                0 => ".",
                1 => "..两个点开头",
                2 => string.Create(CultureInfo.InvariantCulture, $". line {i} 您好，您的发票已开出"),
                _ => string.Create(CultureInfo.InvariantCulture, $"line {i} ends with a dot ."),
            }).Append("\r\n");
        }
        return body.ToString();
    }

    /// <summary>The whole message: headers, then <see cref="Body"/> as 8-bit UTF-8 text.</summary>
    public static byte[] Message(string from, string to, string subject, string messageId, string body) => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body);
}
