using MailHub.Channels.Mailboxes;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using Microsoft.Extensions.Logging;

namespace MailHub.Channels.Outbox;

/// <summary>Saves a sent message into the mailbox's Sent folder with IMAP APPEND, so the team sees replies in their mail client too.</summary>
internal sealed class SentFolder(MailboxStore mailboxes, ILogger<SentFolder> logger)
{
    public async Task SaveAsync(Mailbox mailbox, byte[] content, CancellationToken cancellationToken)
    {
        if (mailbox.Config is not { Protocol: InboundProtocols.Imap, Inbound: { } server })
            return;
        try
        {
            var secrets = await mailboxes.SecretsAsync(mailbox.Id, cancellationToken);
            await using var client = await ImapClient.ConnectAsync(server.ToEndpoint(TimeSpan.FromMinutes(1)), cancellationToken);
            if (server.Auth == "oauth2")
                await client.AuthenticateOAuth2Async(server.Username, secrets.Inbound ?? "", cancellationToken);
            else
                await client.LoginAsync(server.Username, secrets.Inbound ?? "", cancellationToken);
            var folder = mailbox.Config.SentFolder ?? (await client.FindSentFolderAsync(cancellationToken))?.Name ?? "Sent";
            using var stream = new MemoryStream(content, writable: false);
            await client.AppendAsync(folder, stream, [@"\Seen"], ct: cancellationToken);
            await client.LogoutAsync(cancellationToken);
        }
        catch (Exception e) when (e is MailProtocolException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The message went out; a missing copy in Sent is worth a warning, not a resend.
            logger.LogWarning(e, "Could not save a sent message into the Sent folder of {Mailbox}", mailbox.Address);
        }
    }
}
