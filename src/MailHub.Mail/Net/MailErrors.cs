using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHub.Mail.Net;

/// <summary>MailKit's exceptions as our classified, actionable <see cref="MailProtocolException"/> (timeouts stay <see cref="TimeoutException"/>).</summary>
public static class MailErrors
{
    /// <summary>Whether <paramref name="e"/> is the server's or the network's doing (not a bug of ours).</summary>
    public static bool IsMailFailure(Exception e) =>
        e is MailProtocolException or IOException or SocketException or TimeoutException or ProtocolException or CommandException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException or SslHandshakeException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or FolderNotFoundException or FolderNotOpenException;

    /// <summary>
    /// Classifies a failure. <paramref name="refused"/> is the kind a NO to the command means (MailboxNotFound when
    /// opening a folder); <paramref name="refusedCertificate"/> whether our certificate rule said no.
    /// </summary>
    public static Exception Translate(Exception e, MailEndpoint endpoint, MailErrorKind refused = MailErrorKind.Permanent, bool refusedCertificate = false)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host;
        switch (e)
        {
            case MailProtocolException or TimeoutException:
                return e;
            case IOException { InnerException: TimeoutException } or SocketException { SocketErrorCode: SocketError.TimedOut }:
                return new TimeoutException($"{host} did not answer within {endpoint.CommandTimeout.TotalSeconds:0} s.", e);
            case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } s:
                return new MailProtocolException(MailErrorKind.CannotConnect, $"Cannot resolve the host name '{host}': check the spelling ({s.SocketErrorCode}).", null, e);
            case SocketException s:
                return new MailProtocolException(MailErrorKind.CannotConnect,
                    $"Cannot connect to {host}:{endpoint.Port} ({s.SocketErrorCode}): check the host, the port and the firewall.", null, e);
            case SslHandshakeException:
                var advice = refusedCertificate
                    ? "if this is your own server with a self-signed certificate, turn on 'accept invalid certificate'; otherwise check the host name and port"
                    : $"check that port {endpoint.Port} expects {(endpoint.Security == MailSecurity.Ssl ? "implicit TLS" : "STARTTLS")}";
                var why = refusedCertificate ? "the server's certificate does not validate" : (e.InnerException ?? e).Message.Split('\n')[0].Trim();
                return new MailProtocolException(MailErrorKind.TlsFailure, $"TLS with {host} failed ({why}): {advice}.", null, e);
            case MailKit.Security.AuthenticationException:
                return new MailProtocolException(MailErrorKind.AuthenticationFailed, MailProviders.AuthenticationFailedMessage(endpoint, e.Message), e.Message, e);
            case FolderNotFoundException f:
                return new MailProtocolException(MailErrorKind.MailboxNotFound, $"{host} has no folder '{f.FolderName}': check the folder name.", null, e);
            case ImapCommandException c:
                return new MailProtocolException(c.Response == ImapCommandResponse.Bad ? MailErrorKind.Protocol : refused,
                    $"{host} refused the command: {c.ResponseText}", c.ResponseText, e);
            case Pop3CommandException c:
                return new MailProtocolException(refused, $"{host} refused the command: {c.StatusText}", c.StatusText, e);
            case SmtpCommandException c:
                var kind = (int)c.StatusCode is >= 400 and < 500 ? MailErrorKind.Temporary
                    : c.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted ? MailErrorKind.MessageRejected
                    : refused;
                return new MailProtocolException(kind, $"{host} answered {(int)c.StatusCode}: {c.Message}", $"{(int)c.StatusCode} {c.Message}", e);
            case ImapProtocolException or Pop3ProtocolException or SmtpProtocolException or ServiceNotConnectedException or IOException:
                return new MailProtocolException(MailErrorKind.Temporary, $"The connection to {host} was lost ({e.Message}).", null, e);
            default:
                return e;
        }
    }
}
