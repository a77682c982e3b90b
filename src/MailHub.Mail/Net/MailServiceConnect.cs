using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;

namespace MailHub.Mail.Net;

/// <summary>
/// Connects a MailKit client (IMAP, POP3 or SMTP) the way a <see cref="MailEndpoint"/> says: its security, its
/// certificate rule, a connect timeout over DNS + TCP + TLS + greeting, and a per-read/write timeout for every
/// command after. Failures come out as <see cref="MailProtocolException"/> (or <see cref="TimeoutException"/>)
/// with what to do, the caller's cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
public static class MailServiceConnect
{
    public static async Task ConnectAsync(this MailService client, MailEndpoint endpoint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        var refused = false;
        client.Timeout = (int)Math.Clamp(endpoint.CommandTimeout.TotalMilliseconds, 1, int.MaxValue);
        // As before MailKit: no revocation lookup (an offline or firewalled host would fail every TLS handshake).
        client.CheckCertificateRevocation = false;
        client.ServerCertificateValidationCallback = (_, _, _, errors) =>
        {
            var ok = errors == SslPolicyErrors.None || endpoint.AcceptInvalidCertificate;
            refused |= !ok;
            return ok;
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(endpoint.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            try
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
                // RFC 5321 §4.1.3: an SMTP client greets with its address (MailKit writes it as a literal) rather than a
                // host name that may not resolve.
                if (client is SmtpClient smtp && socket.LocalEndPoint is IPEndPoint local)
                    smtp.LocalDomain = (local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address).ToString();
                await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, endpoint.SocketOptions, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {endpoint.Host}:{endpoint.Port} took longer than {endpoint.ConnectTimeout.TotalSeconds:0} s.");
        }
        catch (NotSupportedException) when (endpoint.Security == MailSecurity.StartTls)
        {
            throw new MailProtocolException(MailErrorKind.TlsFailure,
                $"{endpoint.Host} does not offer STARTTLS on port {endpoint.Port}: use implicit TLS (ssl) and its port.");
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, endpoint, refusedCertificate: refused);
        }
    }

    /// <summary>Connects and logs in with <paramref name="login"/>: the client ready for use, or disposed and the failure thrown.</summary>
    public static async Task<T> OpenAsync<T>(this T client, MailEndpoint endpoint, Func<T, Task> login, CancellationToken ct = default)
        where T : MailService
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(login);
        try
        {
            await client.ConnectAsync(endpoint, ct);
            await login(client);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>QUIT/LOGOUT and close; a failure while saying goodbye changes nothing for the caller.</summary>
    public static async Task DisconnectQuietlyAsync(this MailService client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
        }
    }
}
