using MailHub.Channels.Mailboxes;
using MailHub.Mail.Smtp.Submission;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Outbox;

/// <summary>Hands one outbox row to the mailbox's SMTP server (or the default relay) through <see cref="SmtpSubmission"/>.</summary>
internal sealed class SmtpDelivery(IOptions<OutboundOptions> options, ILogger<SmtpDelivery> logger)
{
    /// <summary>The server a mailbox sends through, its secret, and whether it is the default relay; null when there is none.</summary>
    public (ServerSettings Server, string? Secret)? ServerFor(Mailbox mailbox, MailboxSecrets secrets)
    {
        if (mailbox.Config.Outbound is { } own)
            return (own, secrets.Outbound ?? secrets.Inbound);
        if (options.Value.DefaultRelay is { Host: { Length: > 0 } host } relay)
            return (new ServerSettings(host, relay.Port, relay.Security.ToLowerInvariant(), relay.Username ?? "", relay.AcceptInvalidCertificate),
                string.IsNullOrEmpty(relay.Username) ? null : relay.Password);
        return null;
    }

    /// <summary>
    /// A session to the server (connect, TLS, AUTH) for the messages of a batch; a <see cref="SubmissionException"/> says
    /// what to do when it cannot be opened. The transcript (secrets masked) goes to the debug log.
    /// </summary>
    public Task<SubmissionSession> OpenAsync(ServerSettings server, string? secret, CancellationToken cancellationToken)
    {
        var endpoint = server.ToEndpoint(TimeSpan.FromMinutes(2)) with
        {
            ProtocolLog = logger.IsEnabled(LogLevel.Debug) ? line => logger.LogDebug("{Server} {Line}", server.Host, line) : null,
        };
        var credentials = !string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(server.Username)
            ? new SubmissionCredentials(server.Username, secret, OAuth2: server.Auth == "oauth2")
            : null;
        return SubmissionSession.OpenAsync(endpoint, credentials, cancellationToken);
    }

    /// <summary>
    /// Sends the row's content, as stored, to <paramref name="recipients"/> in one mail transaction of the session: each
    /// recipient's reply; a <see cref="SubmissionException"/> fails the whole attempt.
    /// </summary>
    public static Task<IReadOnlyList<RecipientReply>> SendAsync(SubmissionSession session, OutboundRow row, IReadOnlyList<string> recipients,
        CancellationToken cancellationToken) =>
        // ENVID: the row's id, so a delivery report that comes back can be matched to this row.
        session.SendAsync(new SubmissionRequest(row.MailFrom, recipients, row.Content) { EnvelopeId = row.Id.ToString("N") }, cancellationToken);
}
