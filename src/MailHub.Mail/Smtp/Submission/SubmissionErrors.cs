using System.Globalization;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>Turns what MailKit throws into failures that say what to do, with the provider's hint for a refused login.</summary>
internal static class SubmissionErrors
{
    /// <summary>The failure for <paramref name="e"/>; null for what is not a mail failure (cancellation, our own bugs).</summary>
    public static SubmissionException? Describe(MailEndpoint endpoint, Exception e) => e switch
    {
        SubmissionException already => already,
        // Resolve, connect, TLS and STARTTLS failures, phrased once by MailServiceConnect for every MailKit client.
        MailProtocolException m => new SubmissionException(m.Message, retry: true, 0, m.Kind == MailErrorKind.TlsFailure ? "TLS failed" : "connection failed", m),
        OperationCanceledException => null,
        AuthenticationException auth => Refused(endpoint, Reply(auth.Message), auth),
        // No AUTH mechanism we share, UTF-8 headers without 8BITMIME: the server's settings, which can change.
        NotSupportedException => new SubmissionException($"{endpoint.Host}:{endpoint.Port} cannot take this message as configured ({e.Message}).",
            retry: true, 0, "not supported", e),
        ServiceNotAuthenticatedException => new SubmissionException(
            $"{endpoint.Host} wants a login before it takes mail ({e.Message}): set the outgoing server's user name and password.",
            retry: true, 530, "530 authentication required", e),
        SmtpCommandException command => FromReply(endpoint, command),
        SmtpProtocolException => new SubmissionException($"{endpoint.Host} broke the SMTP conversation ({e.Message}); will try again.",
            retry: true, 0, "protocol error", e),
        TimeoutException => new SubmissionException($"{endpoint.Host}:{endpoint.Port} did not answer in time ({e.Message}); will try again.",
            retry: true, 0, "timeout", e),
        IOException => new SubmissionException($"The connection to {endpoint.Host}:{endpoint.Port} was lost ({e.Message}); will try again.",
            retry: true, 0, "connection lost", e),
        _ => null,
    };

    /// <summary>"535: Error: authentication failed" (MailKit's form) as the server wrote it: "535 Error: authentication failed".</summary>
    public static string Reply(string message) =>
        message.Length > 4 && char.IsAsciiDigit(message[0]) && message[3] == ':' ? message[..3] + message[4..] : message;

    public static int CodeOf(string reply) =>
        reply.Length >= 3 && int.TryParse(reply.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;

    // Retried like a 4xx: an admin may fix the password (or turn on the provider's SMTP service) in the meantime.
    private static SubmissionException Refused(MailEndpoint endpoint, string reply, Exception e) =>
        new($"{endpoint.Host} refused the login ({reply.Trim()}). {MailProviders.AuthenticationHint(endpoint.Provider) ?? "Check the user name and password."}",
            retry: true, CodeOf(reply), reply, e);

    private static SubmissionException FromReply(MailEndpoint endpoint, SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        var reply = $"{code.ToString(CultureInfo.InvariantCulture)} {e.Message.Replace("\n", " / ", StringComparison.Ordinal)}";
        return e.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => new SubmissionException(code is >= 400 and < 500
                ? $"{endpoint.Host} answered MAIL FROM <{e.Mailbox?.Address}> with a temporary failure ({reply}): will try again."
                : $"{endpoint.Host} refused the sender <{e.Mailbox?.Address}> ({reply}): send from an address this account may use.",
                retry: code is >= 400 and < 500, code, reply, e),
            _ => new SubmissionException(code is >= 400 and < 500
                ? $"{endpoint.Host} answered with a temporary failure ({reply}): will try again."
                : $"{endpoint.Host} answered {reply}.",
                retry: code is >= 400 and < 500, code, reply, e),
        };
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
