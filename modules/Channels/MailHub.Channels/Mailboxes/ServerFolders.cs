using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailKit;

namespace MailHub.Channels.Mailboxes;

/// <summary>A folder on the mailbox's server: its full name (what folders and onServer.folder take) and its special use.</summary>
/// <param name="Use">inbox, sent, drafts, trash, junk, archive, all, or null for an ordinary folder (RFC 6154 SPECIAL-USE).</param>
internal sealed record ServerFolder(string Name, string? Use);

/// <summary>The folders the sync can be given, as the server lists them.</summary>
internal sealed record ServerFoldersResponse(IReadOnlyList<ServerFolder> Folders);

/// <summary>
/// Lists a mailbox's folders on its IMAP server (LIST of the personal namespace, RFC 9051 §6.3.9), logged in the way the
/// sync logs in; POP3 reaches only the inbox. Failures are the clients' classified, provider-aware messages.
/// </summary>
internal static class ServerFolders
{
    public static async Task<IReadOnlyList<ServerFolder>> ListAsync(MailboxConfig config, string secret, CancellationToken cancellationToken)
    {
        if (config.Protocol != InboundProtocols.Imap || config.Inbound is not { } server)
            return [new ServerFolder("INBOX", "inbox")];
        var endpoint = server.ToEndpoint(TimeSpan.FromSeconds(30));
        using var client = await ImapSession.OpenAsync(endpoint, server.Username, secret, server.Auth == "oauth2", cancellationToken);
        try
        {
            var folders = new List<ServerFolder> { new("INBOX", "inbox") };
            var personal = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
            foreach (var folder in await client.GetFoldersAsync(personal, StatusItems.None, subscribedOnly: false, cancellationToken))
            {
                if (folder.Attributes.HasFlag(FolderAttributes.NonExistent) || folder.Attributes.HasFlag(FolderAttributes.NoSelect)
                    || string.Equals(folder.FullName, "INBOX", StringComparison.OrdinalIgnoreCase))
                    continue;
                folders.Add(new ServerFolder(folder.FullName, UseOf(folder.Attributes)));
            }
            await client.DisconnectAsync(true, cancellationToken);
            return folders;
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e) && e is not MailProtocolException)
        {
            throw MailErrors.Translate(e, endpoint);
        }
    }

    private static string? UseOf(FolderAttributes attributes) =>
        attributes.HasFlag(FolderAttributes.Sent) ? "sent"
        : attributes.HasFlag(FolderAttributes.Drafts) ? "drafts"
        : attributes.HasFlag(FolderAttributes.Trash) ? "trash"
        : attributes.HasFlag(FolderAttributes.Junk) ? "junk"
        : attributes.HasFlag(FolderAttributes.Archive) ? "archive"
        : attributes.HasFlag(FolderAttributes.All) ? "all"
        : null;
}
