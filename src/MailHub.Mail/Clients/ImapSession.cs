using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Imap;

namespace MailHub.Mail.Clients;

/// <summary>
/// MailKit's <see cref="ImapClient"/> the way MailHub talks to providers: connected and logged in per a
/// <see cref="MailEndpoint"/>, identified with ID (RFC 2971) where offered, folders opened with NetEase's quirk handled.
/// </summary>
public static class ImapSession
{
    private static readonly ImapImplementation Us = new()
    {
        Name = "MailHub",
        Version = typeof(ImapSession).Assembly.GetName().Version?.ToString(2) ?? "1.0",
        Vendor = "MailHub",
    };

    /// <summary>A client whose protocol log (secrets redacted by MailKit's detector) goes to the endpoint's callback.</summary>
    public static ImapClient Create(MailEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new ImapClient(ProtocolLogLines.For(endpoint));
    }

    /// <summary>Create, connect and log in (with ID): the client ready to open folders.</summary>
    public static Task<ImapClient> OpenAsync(MailEndpoint endpoint, string user, string secret, bool oauth2, CancellationToken ct = default) =>
        Create(endpoint).OpenAsync(endpoint, client => client.LoginImapAsync(endpoint, user, secret, oauth2, ct), ct);

    /// <summary>
    /// Logs in, then sends ID where the server offers it: NetEase (163/126/yeah.net) refuses SELECT with "Unsafe
    /// Login" until the client has identified itself. Returns the server's ID answer, if any.
    /// </summary>
    public static async Task<ImapImplementation?> LoginImapAsync(this ImapClient client, MailEndpoint endpoint, string user, string secret, bool oauth2,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.LoginAsync(endpoint, user, secret, oauth2, ct);
        return await IdentifyAsync(client, endpoint, ct);
    }

    /// <summary>
    /// Opens a folder (INBOX, or a full path with the server's delimiter), read-only (EXAMINE) or read-write (SELECT).
    /// A SELECT refused as "Unsafe Login" is retried once after ID; if it still is, the error says what NetEase wants.
    /// </summary>
    public static async Task<ImapFolder> OpenFolderAsync(this ImapClient client, MailEndpoint endpoint, string name, FolderAccess access,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var folder = (ImapFolder)(string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(name, ct));
            try
            {
                await folder.OpenAsync(access, ct);
            }
            catch (ImapCommandException e) when (IsUnsafeLogin(e) && client.Capabilities.HasFlag(ImapCapabilities.Id))
            {
                await IdentifyAsync(client, endpoint, ct);
                await folder.OpenAsync(access, ct);
            }
            return folder;
        }
        catch (ImapCommandException e) when (IsUnsafeLogin(e))
        {
            throw new MailProtocolException(MailErrorKind.AuthenticationFailed,
                $"{endpoint.Host} refused to open {name} as an unsafe login ({e.ResponseText}): the server wants the IMAP ID command and an authorization code (授权码) login; check the mailbox's client settings.",
                e.ResponseText, e);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, endpoint, MailErrorKind.MailboxNotFound);
        }
    }

    private static async Task<ImapImplementation?> IdentifyAsync(ImapClient client, MailEndpoint endpoint, CancellationToken ct)
    {
        if (!client.Capabilities.HasFlag(ImapCapabilities.Id))
            return null;
        try
        {
            return await client.IdentifyAsync(Us, ct);
        }
        catch (ImapCommandException)
        {
            return null; // a server that offers ID and then refuses it still serves mail
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, endpoint);
        }
    }

    private static bool IsUnsafeLogin(ImapCommandException e) =>
        e.ResponseText?.Contains("Unsafe Login", StringComparison.OrdinalIgnoreCase) == true;
}
