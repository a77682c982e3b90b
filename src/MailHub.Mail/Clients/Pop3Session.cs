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

    public static async Task<Pop3Client> OpenAsync(MailEndpoint endpoint, string user, string secret, bool oauth2, CancellationToken ct = default)
    {
        var client = Create(endpoint);
        try
        {
            await client.ConnectAsync(endpoint, ct);
            await client.LoginAsync(endpoint, user, secret, oauth2, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
