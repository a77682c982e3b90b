using System.Net;
using System.Net.Sockets;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>Connects a MailKit client (SMTP or IMAP) the way a <see cref="MailEndpoint"/> says: TLS mode, certificate policy, timeouts.</summary>
public static class MailServiceConnection
{
    public static SecureSocketOptions SocketOptions(this MailSecurity security) => security switch
    {
        MailSecurity.Ssl => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    /// <summary>
    /// Opens the TCP connection itself (within <see cref="MailEndpoint.ConnectTimeout"/>, which then surfaces as a
    /// <see cref="TimeoutException"/>), so an SMTP client can greet with this side's address literal
    /// (RFC 5321 §4.1.3) rather than a host name that may not resolve; then hands the socket to MailKit for TLS
    /// and the greeting. The endpoint's command timeout bounds every later read and write.
    /// </summary>
    public static async Task ConnectAsync(this MailService client, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        client.Timeout = (int)endpoint.CommandTimeout.TotalMilliseconds;
        if (endpoint.AcceptInvalidCertificate)
            client.ServerCertificateValidationCallback = static (_, _, _, _) => true;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            if (client is SmtpClient smtp && socket.LocalEndPoint is IPEndPoint local)
                smtp.LocalDomain = (local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address).ToString();
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, endpoint.Security.SocketOptions(), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {endpoint.Host}:{endpoint.Port} took longer than {endpoint.ConnectTimeout.TotalSeconds:0} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
