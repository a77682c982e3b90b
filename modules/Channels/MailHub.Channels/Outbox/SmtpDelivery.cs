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
    /// Sends the row's content, as stored, to <paramref name="recipients"/>: <paramref name="answered"/> gets each
    /// recipient's reply once the server answered the message, before QUIT; a <see cref="SubmissionException"/> fails
    /// the whole attempt. The transcript (secrets masked) goes to the debug log.
    /// </summary>
    public Task SendAsync(ServerSettings server, string? secret, OutboundRow row, IReadOnlyList<string> recipients,
        Func<IReadOnlyList<RecipientReply>, CancellationToken, Task> answered, CancellationToken cancellationToken)
    {
        var endpoint = server.ToEndpoint(TimeSpan.FromMinutes(2)) with
        {
            ProtocolLog = logger.IsEnabled(LogLevel.Debug) ? line => logger.LogDebug("{MessageId} {Line}", row.MessageId, line) : null,
        };
        var credentials = !string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(server.Username)
            ? new SubmissionCredentials(server.Username, secret, OAuth2: server.Auth == "oauth2")
            : null;
        // ENVID: the row's id, so a delivery report that comes back can be matched to this row.
        var request = new SubmissionRequest(row.MailFrom, recipients, row.Content) { EnvelopeId = row.Id.ToString("N") };
        return SmtpSubmission.SendAsync(endpoint, credentials, request, answered, cancellationToken);
    }
}
