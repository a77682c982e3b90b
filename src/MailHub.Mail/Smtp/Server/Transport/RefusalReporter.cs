using System.Net;
using System.Text;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>Hands each refusal the transport sees (a final 4xx/5xx reply line) to the server's <see cref="BoundedSmtpServer.Refused"/>.</summary>
internal sealed class RefusalReporter(TimeProvider time, Action<SmtpRefusal> report)
{
    /// <summary>Longest reply text kept: a reply line is at most 512 octets (RFC 5321 §4.5.3.1.5), ours are far shorter.</summary>
    private const int MaxText = 512;

    public void Report(string endpointName, IPAddress client, string stage, ReadOnlySpan<byte> line, string? userName, string? argument)
    {
        var code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        var text = line.Length > 4 ? line[4..].TrimEnd("\r\n"u8) : [];
        report(new SmtpRefusal(time.GetUtcNow(), endpointName, client, stage, code,
            Encoding.ASCII.GetString(text[..Math.Min(text.Length, MaxText)]), userName, argument));
    }
}
