using MailKit;
using MailKit.Security;

namespace MailHub.Mail.Net;

/// <summary>How a mailbox proves who it is: a password (or authorization code), or an OAuth2 access token.</summary>
public static class MailServiceLogin
{
    /// <summary>
    /// Logs in. A password goes through MailKit's choice (the strongest SASL mechanism offered, else LOGIN/USER+PASS).
    /// An access token goes as OAUTHBEARER (RFC 7628) where offered, else as XOAUTH2 (Google, Microsoft).
    /// A refusal comes out as <see cref="MailErrorKind.AuthenticationFailed"/> with the provider's hint.
    /// </summary>
    public static async Task LoginAsync(this MailService client, MailEndpoint endpoint, string user, string secret, bool oauth2,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            if (oauth2)
                await client.AuthenticateAsync(OAuth2Mechanism(client, user, secret), ct);
            else
                await client.AuthenticateAsync(user, secret, ct);
        }
        catch (Exception e) when (MailErrors.IsMailFailure(e))
        {
            throw MailErrors.Translate(e, endpoint, MailErrorKind.AuthenticationFailed);
        }
    }

    private static SaslMechanism OAuth2Mechanism(MailService client, string user, string token) =>
        client.AuthenticationMechanisms.Contains("OAUTHBEARER")
            ? new SaslMechanismOAuthBearer(user, token)
            : new SaslMechanismOAuth2(user, token);
}
