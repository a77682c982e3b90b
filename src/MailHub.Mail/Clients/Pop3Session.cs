using MailHub.Mail.Net;
using MailKit.Net.Pop3;

namespace MailHub.Mail.Clients;

/// <summary>MailKit's <see cref="Pop3Client"/> connected and logged in per a <see cref="MailEndpoint"/>.</summary>
public static class Pop3Session
{
    /// <summary>A client whose protocol log (secrets redacted by MailKit's detector) goes to the endpoint's callback.</summary>
    public static Pop3Client Create(MailEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new Pop3Client(ProtocolLogLines.For(endpoint));
    }

    /// <summary>Create, connect and log in: the client ready for STAT/UIDL/RETR.</summary>
    public static Task<Pop3Client> OpenAsync(MailEndpoint endpoint, string user, string secret, bool oauth2, CancellationToken ct = default) =>
        Create(endpoint).OpenAsync(endpoint, client => client.LoginAsync(endpoint, user, secret, oauth2, ct), ct);
}
