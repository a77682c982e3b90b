using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHub.Mail.Net;

/// <summary>
/// The one place that turns what MailKit, the socket or TLS throws (IMAP, POP3 or SMTP) into a classified
/// <see cref="MailProtocolException"/> that says what to do (timeouts stay <see cref="TimeoutException"/>).
/// </summary>
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
                return new TimeoutException($"{host}:{endpoint.Port} did not answer within {endpoint.CommandTimeout.TotalSeconds:0} s.", e);
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
                var said = Reply(e.Message).Trim();
                return new MailProtocolException(MailErrorKind.AuthenticationFailed, MailProviders.AuthenticationFailedMessage(endpoint, said), said, e);
            case ServiceNotAuthenticatedException:
                return new MailProtocolException(MailErrorKind.AuthenticationFailed,
                    $"{host} wants a login before it takes mail ({e.Message}): set the server's user name and password.", "530 authentication required", e);
            case FolderNotFoundException f:
                return new MailProtocolException(MailErrorKind.MailboxNotFound, $"{host} has no folder '{f.FolderName}': check the folder name.", null, e);
            case ImapCommandException c:
                return new MailProtocolException(c.Response == ImapCommandResponse.Bad ? MailErrorKind.Protocol : refused,
                    $"{host} refused the command: {c.ResponseText}", c.ResponseText, e);
            case Pop3CommandException c:
                return new MailProtocolException(refused, $"{host} refused the command: {c.StatusText}", c.StatusText, e);
            case SmtpCommandException c:
                return FromSmtpReply(endpoint, c, refused);
            case SmtpProtocolException:
                return new MailProtocolException(MailErrorKind.Protocol, $"{host} broke the SMTP conversation ({e.Message}).", null, e);
            case ImapProtocolException or Pop3ProtocolException or ServiceNotConnectedException or IOException:
                return new MailProtocolException(MailErrorKind.Temporary, $"The connection to {host}:{endpoint.Port} was lost ({e.Message}).", null, e);
            // MailKit's "the server cannot do that": no AUTH mechanism we share, a size or extension the message needs. The server's
            // settings, which can change.
            case NotSupportedException:
                return new MailProtocolException(MailErrorKind.Temporary, $"{host}:{endpoint.Port} cannot take this message as configured ({e.Message}).", null, e);
            default:
                return e;
        }
    }

    /// <summary>The reply code at the start of a server's reply ("535 5.7.8 ..."), 0 when there is none.</summary>
    public static int CodeOf(string? reply) =>
        reply is { Length: >= 3 } && int.TryParse(reply.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;

    /// <summary>"535: Error: authentication failed" (MailKit's form of an SMTP reply) as the server wrote it: "535 Error: authentication failed".</summary>
    internal static string Reply(string message) =>
        message.Length > 4 && char.IsAsciiDigit(message[0]) && message[3] == ':' ? message[..3] + message[4..] : message;

    // RFC 5321 §4.2.1: 4yz is worth trying again, 5yz is not; a refused sender is the account's doing.
    private static MailProtocolException FromSmtpReply(MailEndpoint endpoint, SmtpCommandException e, MailErrorKind refused)
    {
        var code = (int)e.StatusCode;
        var reply = $"{code.ToString(CultureInfo.InvariantCulture)} {e.Message.Replace("\n", " / ", StringComparison.Ordinal)}";
        var temporary = code is >= 400 and < 500;
        var host = endpoint.Host;
        var kind = temporary ? MailErrorKind.Temporary
            : e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? MailErrorKind.MessageRejected : refused;
        var message = (e.ErrorCode, temporary) switch
        {
            (SmtpErrorCode.SenderNotAccepted, true) => $"{host} answered MAIL FROM <{e.Mailbox?.Address}> with a temporary failure ({reply}): will try again.",
            (SmtpErrorCode.SenderNotAccepted, false) => $"{host} refused the sender <{e.Mailbox?.Address}> ({reply}): send from an address this account may use.",
            (_, true) => $"{host} answered with a temporary failure ({reply}): will try again.",
            _ => $"{host} answered {reply}.",
        };
        return new MailProtocolException(kind, message, reply, e);
    }
}
