using MailHub.Channels.Mailboxes;
using MailHub.Mail.Net;
using MailHub.Mail.Smtp.Client;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Outbox;

/// <summary>Hands one outbox row to the mailbox's SMTP server (or the default relay) with our SmtpClient.</summary>
internal sealed class SmtpDelivery(IOptions<OutboundOptions> options)
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

    /// <summary>Sends to <paramref name="recipients"/>; per-recipient replies, or a MailProtocolException for the whole attempt.</summary>
    public async Task<IReadOnlyList<SmtpRecipientResult>> SendAsync(ServerSettings server, string? secret, OutboundRow row,
        IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var endpoint = server.ToEndpoint(TimeSpan.FromMinutes(2));
        await using var client = await SmtpClient.ConnectAsync(endpoint, cancellationToken);
        if (!string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(server.Username))
        {
            if (server.Auth == "oauth2")
                await client.AuthenticateOAuth2Async(server.Username, secret, cancellationToken);
            else
                await client.AuthenticateAsync(server.Username, secret, cancellationToken);
        }
        using var content = new MemoryStream(row.Content, writable: false);
        var result = await client.SendAsync(new SmtpEnvelope(row.MailFrom, recipients), content,
            new SmtpMessageOptions { Has8BitContent = row.Content.Any(b => b > 127), Size = row.Content.Length }, cancellationToken);
        try
        {
            await client.QuitAsync(cancellationToken);
        }
        catch (Exception e) when (e is MailProtocolException or IOException or TimeoutException)
        {
            // The message is accepted already; a rude goodbye changes nothing.
        }
        return result.Recipients;
    }
}
