using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The trace field the server prepends (RFC 5321 §4.4, grammar "Time-stamp-line"):
/// <c>Received: from helo (host [ip]) by server with ESMTPSA id X for &lt;rcpt&gt;; date</c>.
/// The protocol names are those of RFC 3848 and RFC 6531 §3.7.3 (UTF8SMTP...).
/// </summary>
public static class ReceivedHeader
{
    public static byte[] Build(ReceivedEnvelope transaction, string serverName)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var protocol = (transaction.SmtpUtf8 ? "UTF8SMTP" : transaction.Esmtp ? "ESMTP" : "SMTP")
            + (transaction.IsSecure ? "S" : "")
            + (transaction.AuthenticatedUser is not null ? "A" : "");
        if (protocol == "SMTPS" || protocol == "SMTPA" || protocol == "SMTPSA")
        {
            protocol = "E" + protocol; // RFC 3848 defines only the ESMTP forms
        }

        var ip = transaction.ClientAddress;
        var literal = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"IPv6:{ip}" : ip.ToString();
        var builder = new StringBuilder(256)
            .Append("Received: from ").Append(Sanitize(transaction.HeloName))
            .Append(" (")
            .Append('[').Append(literal).Append("])\r\n")
            .Append("\tby ").Append(serverName).Append(" (MailHub) with ").Append(protocol)
            .Append(" id ").Append(transaction.Id);
        if (transaction.Recipients.Count == 1)
        {
            // RFC 5321 §7.2: name the recipient only when there is one, lest a copy reveal the Bcc list.
            builder.Append("\r\n\tfor <").Append(Sanitize(transaction.Recipients[0])).Append('>');
        }

        builder.Append("; ").Append(FormatDate(transaction.ReceivedAt)).Append("\r\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    // RFC 5322 §3.3 date-time.
    internal static string FormatDate(DateTimeOffset at)
    {
        var offset = at.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return at.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    // The HELO name is whatever the client typed: keep it from closing the comment or breaking the field.
    private static string Sanitize(string text)
    {
        if (text.Length == 0)
        {
            return "unknown";
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is '(' or ')' or '[' or ']' or '\\' || char.IsControl(c) ? '?' : c;
            }
        });
    }
}
