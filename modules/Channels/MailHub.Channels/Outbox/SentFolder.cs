using MailHub.Channels.Mailboxes;
using MailHub.Mail.Clients;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MailHub.Channels.Outbox;

/// <summary>Saves a sent message into the mailbox's Sent folder with IMAP APPEND, so the team sees replies in their mail client too.</summary>
internal sealed class SentFolder(MailboxStore mailboxes, ILogger<SentFolder> logger)
{
    // Where servers without SPECIAL-USE keep sent mail, most common first.
    private static readonly string[] Names = ["Sent", "Sent Messages", "Sent Items", "Sent Mail", "已发送", "已发送邮件", "INBOX.Sent"];

    public async Task SaveAsync(Mailbox mailbox, byte[] content, CancellationToken cancellationToken)
    {
        if (mailbox.Config is not { Protocol: InboundProtocols.Imap, Inbound: { } server })
            return;
        try
        {
            var secrets = await mailboxes.SecretsAsync(mailbox.Id, cancellationToken);
            var endpoint = server.ToEndpoint(TimeSpan.FromMinutes(1));
            using var client = await ImapSession.OpenAsync(endpoint, server.Username, secrets.Inbound ?? "", server.Auth == "oauth2", cancellationToken);
            var folder = mailbox.Config.SentFolder is { } name
                ? await client.GetFolderAsync(name, cancellationToken)
                : await FindAsync(client, cancellationToken);
            using var stream = new MemoryStream(content, writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            await folder.AppendAsync(new AppendRequest(message, MessageFlags.Seen), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message went out; a missing copy in Sent is worth a warning, not a resend.
            logger.LogWarning(e, "Could not save a sent message into the Sent folder of {Mailbox}", mailbox.Address);
        }
    }

    /// <summary>The \Sent folder (RFC 6154 SPECIAL-USE, or Gmail's XLIST), else a folder with a well-known name, else "Sent".</summary>
    private static async Task<IMailFolder> FindAsync(ImapClient client, CancellationToken cancellationToken)
    {
        if (client.Capabilities.HasFlag(ImapCapabilities.SpecialUse) || client.Capabilities.HasFlag(ImapCapabilities.XList))
        {
            if (client.GetFolder(SpecialFolder.Sent) is { } special)
                return special;
        }
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cancellationToken);
        return folders.FirstOrDefault(f => f.Attributes.HasFlag(FolderAttributes.Sent))
            ?? Names.Select(n => folders.FirstOrDefault(f => string.Equals(f.FullName, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(f => f is not null)
            ?? await client.GetFolderAsync("Sent", cancellationToken);
    }
}
