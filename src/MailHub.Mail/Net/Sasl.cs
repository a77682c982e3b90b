using System.Text;

namespace MailHub.Mail.Net;

/// <summary>SASL initial responses shared by SMTP, IMAP and POP3 (RFC 4616 PLAIN, Google/Microsoft XOAUTH2).</summary>
internal static class Sasl
{
    public static string Plain(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));

    public static string XOAuth2(string user, string accessToken) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("user=" + user + "\u0001auth=Bearer " + accessToken + "\u0001\u0001"));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes a server challenge for logs and error messages; the raw text when it is not base64.</summary>
    public static string DecodeChallenge(string challenge)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(challenge.Trim()));
        }
        catch (FormatException)
        {
            return challenge;
        }
    }
}
