using System.Net;
using System.Text;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// Hands one stored message to a submission server with MailKit: connect and TLS as the endpoint says, AUTH,
/// MAIL/RCPT/DATA (PIPELINING, SIZE, 8BITMIME, SMTPUTF8 and DSN where offered; 8-bit parts re-encoded for a
/// server without 8BITMIME), QUIT. Each recipient's fate comes back; a failure of the whole attempt is a
/// <see cref="SubmissionException"/> that says what to do.
/// </summary>
public static class SmtpSubmission
{
    /// <summary>
    /// Sends the message; each recipient's reply. <paramref name="answered"/>, when given, gets the replies as soon as
    /// the server answered the message, before QUIT: what the caller records there is on disk before the goodbye, which a
    /// slow or silent server can hold up to the timeout, so a crash in that time does not leave a message the server
    /// took unrecorded (and sent again). Its failures are the caller's own and go through as they are.
    /// </summary>
    public static async Task<IReadOnlyList<RecipientReply>> SendAsync(MailEndpoint endpoint, SubmissionCredentials? credentials,
        SubmissionRequest request, Func<IReadOnlyList<RecipientReply>, CancellationToken, Task>? answered = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Recipients.Count == 0)
            throw new ArgumentException("A message needs at least one recipient.", nameof(request));
        await using var session = await SubmissionSession.OpenAsync(endpoint, credentials, cancellationToken);
        var replies = await session.SendAsync(request, cancellationToken);
        if (answered is not null)
            await answered(replies, cancellationToken);
        await session.CloseAsync(cancellationToken);
        return replies;
    }

    /// <summary>Connect (TLS as the endpoint says) and AUTH; a failure is a <see cref="SubmissionException"/> that says what to do.</summary>
    internal static async Task OpenAsync(SubmissionClient client, MailEndpoint endpoint, SubmissionCredentials? credentials, CancellationToken ct)
    {
        try
        {
            await client.ConnectAsync(endpoint, ct);
            if (credentials is not null)
                await AuthenticateAsync(client, endpoint, credentials, ct);
        }
        // Phrased once, for IMAP, POP3 and SMTP alike, by MailErrors; cancellation and our own bugs go through as they are.
        catch (Exception e) when (e is SubmissionException or NotSupportedException || MailErrors.IsMailFailure(e))
        {
            throw SubmissionException.From(MailErrors.Translate(e, endpoint));
        }
    }

    /// <summary>One mail transaction (MAIL, RCPT, DATA) on a connected client; each recipient's reply.</summary>
    internal static async Task<IReadOnlyList<RecipientReply>> TransactAsync(SubmissionClient client, MailEndpoint endpoint, SubmissionRequest request,
        CancellationToken ct)
    {
        try
        {
            var message = await LoadAsync(request.Content, ct);
            CheckFits(client, endpoint, request);
            return await TransactAsync(client, message, request, ct);
        }
        catch (Exception e) when (e is SubmissionException or NotSupportedException || MailErrors.IsMailFailure(e))
        {
            throw SubmissionException.From(MailErrors.Translate(e, endpoint));
        }
    }

    private static async Task AuthenticateAsync(SubmissionClient client, MailEndpoint endpoint, SubmissionCredentials credentials, CancellationToken ct)
    {
        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            throw new SubmissionException(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !client.IsSecure
                ? $"{endpoint.Host} offers authentication only after STARTTLS: set security to starttls."
                : $"{endpoint.Host} does not offer SMTP authentication on port {endpoint.Port}: check the port (587 or 465 for submission).",
                retry: true, 0, "no AUTH");
        }
        if (credentials.OAuth2)
        {
            var token = new OAuth2Token(credentials.User, credentials.Secret);
            try
            {
                await client.AuthenticateAsync(token, ct);
            }
            catch (AuthenticationException e)
            {
                var reply = MailErrors.Reply(e.Message);
                throw new SubmissionException(
                    $"{endpoint.Host} refused the OAuth2 token ({(token.Error is { } error ? error + "; " : "")}{reply}): get a fresh access token with the mail scope.",
                    retry: true, MailErrors.CodeOf(reply), reply, e);
            }
            return;
        }
        // PLAIN when offered, else LOGIN: one AUTH, so a refused password is told once, in the server's words.
        var password = new NetworkCredential(credentials.User, credentials.Secret);
        var mechanisms = client.AuthenticationMechanisms;
        SaslMechanism? mechanism = mechanisms.Contains("PLAIN") ? new SaslMechanismPlain(password)
            : mechanisms.Contains("LOGIN") ? new SaslMechanismLogin(password) : null;
        await (mechanism is null ? client.AuthenticateAsync(password, ct) : client.AuthenticateAsync(mechanism, ct));
    }

    private static async Task<MimeMessage> LoadAsync(ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        try
        {
            return await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FormatException e)
        {
            throw new SubmissionException($"The message is not MIME that can be sent ({e.Message}): nothing was sent.", retry: false, 0, "unreadable message", e);
        }
    }

    // What the server told us in EHLO that it cannot take is refused here, before any byte of the message goes out.
    private static void CheckFits(SubmissionClient client, MailEndpoint endpoint, SubmissionRequest request)
    {
        var size = request.Content.Length;
        if (client.Capabilities.HasFlag(SmtpCapabilities.Size) && client.MaxSize > 0 && size > client.MaxSize)
        {
            throw new SubmissionException(
                $"The message is {size:N0} bytes but {endpoint.Host} accepts at most {client.MaxSize:N0}: make it smaller (attachments as links).",
                retry: false, 0, "message too large");
        }
        // RFC 6531 §3.4: a non-ASCII local part needs SMTPUTF8 (a non-ASCII domain MailKit sends as IDNA A-labels).
        if (!client.Capabilities.HasFlag(SmtpCapabilities.UTF8) && request.Recipients.Prepend(request.MailFrom).Any(NeedsUtf8))
        {
            throw new SubmissionException(
                $"{endpoint.Host} does not accept internationalized addresses (no SMTPUTF8): use ASCII addresses.",
                retry: false, 0, "no SMTPUTF8");
        }
    }

    private static bool NeedsUtf8(string address)
    {
        var at = address.LastIndexOf('@');
        return !Ascii.IsValid(at < 0 ? address : address[..at]);
    }

    private static readonly FormatOptions Format = NewFormat(international: false);
    private static readonly FormatOptions InternationalFormat = NewFormat(international: true);

    private static FormatOptions NewFormat(bool international)
    {
        var format = FormatOptions.Default.Clone();
        format.HiddenHeaders.Add(HeaderId.Bcc);
        format.HiddenHeaders.Add(HeaderId.ResentBcc);
        format.HiddenHeaders.Add(HeaderId.ContentLength);
        // RFC 6532 UTF-8 header fields: say SMTPUTF8 where the server offers it (MailKit drops it where it does not).
        format.International = international;
        return format;
    }

    private static async Task<IReadOnlyList<RecipientReply>> TransactAsync(SubmissionClient client, MimeMessage message, SubmissionRequest request,
        CancellationToken ct)
    {
        client.Begin(request.EnvelopeId);
        var format = HeaderHas8Bit(request.Content.Span) ? InternationalFormat : Format;
        int code;
        string text;
        try
        {
            text = await client.SendAsync(format, message, new MailboxAddress("", request.MailFrom),
                request.Recipients.Select(r => new MailboxAddress("", r)), ct);
            code = 250;
        }
        catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.MessageNotAccepted or SmtpErrorCode.UnexpectedStatusCode)
        {
            // Refused at DATA or after the data (or nobody was accepted): the accepted recipients share that reply.
            code = (int)e.StatusCode;
            text = e.Message;
        }
        return [.. request.Recipients.Select(r => client.Replies.TryGetValue(r, out var reply)
            ? reply.Accepted ? reply with { Code = code, Text = text } : reply
            : new RecipientReply(r, code, text))];
    }

    private static bool HeaderHas8Bit(ReadOnlySpan<byte> content)
    {
        var lf = content.IndexOf("\n\n"u8);
        var crlf = content.IndexOf("\r\n\r\n"u8);
        var end = lf < 0 ? crlf : crlf < 0 ? lf : Math.Min(lf, crlf);
        var header = end >= 0 ? content[..end] : content;
        return header.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
    }

    internal static async Task QuitAsync(SubmissionClient client, CancellationToken ct)
    {
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            // The server answered the message already; a rude goodbye changes nothing.
        }
    }
}
