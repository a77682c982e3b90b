using System.Security.Cryptography;

namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// Multipart boundaries. "=_" cannot occur in quoted-printable or base64 output, so only 7bit and 8bit text bodies
/// need checking for a collision (RFC 2046 §5.1.1).
/// </summary>
internal static class Boundaries
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => "=_" + RandomNumberGenerator.GetString(Alphabet, 28);
}
