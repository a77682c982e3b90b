using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailHub.Mail.Mime.Writing;

/// <summary>Unique ids for Message-ID (RFC 5322 §3.6.4) and Content-ID (RFC 2392).</summary>
public static class MessageIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new Message-ID such as <c>&lt;k3j9...@example.com&gt;</c>, angle brackets included.</summary>
    public static string New(string domain) => $"<{NewContentId(domain)}>";

    /// <summary>A new Content-ID for an inline image, without angle brackets, as used in <c>cid:</c> URLs.</summary>
    public static string NewContentId(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        // 26 characters of 36 symbols: about 134 random bits, unique without coordination between nodes.
        return $"{RandomNumberGenerator.GetString(Alphabet, 26)}@{AsciiDomain(domain)}";
    }

    internal static string AsciiDomain(string domain) =>
        Ascii.IsValid(domain) ? domain : new IdnMapping().GetAscii(domain);

    /// <summary>Adds the angle brackets a msg-id needs when the caller left them off.</summary>
    internal static string Normalize(string id)
    {
        var trimmed = id.Trim();
        if (trimmed.Length == 0 || trimmed.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            throw new ArgumentException($"'{id}' is not a message id: expected <local@domain> without spaces.", nameof(id));
        }

        return trimmed.StartsWith('<') ? trimmed : $"<{trimmed}>";
    }
}
