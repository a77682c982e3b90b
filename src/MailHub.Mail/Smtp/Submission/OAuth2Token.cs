using System.Net;
using System.Text;
using MailKit.Security;

namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// SASL XOAUTH2 that keeps the server's error challenge (a JSON status, e.g. Exchange's 401 with the scope it
/// wanted) so the failure can say why the token was refused.
/// </summary>
internal sealed class OAuth2Token(string user, string accessToken) : SaslMechanismOAuth2(new NetworkCredential(user, accessToken))
{
    public string? Error { get; private set; }

    protected override byte[]? Challenge(byte[]? token, int startIndex, int length, CancellationToken cancellationToken)
    {
        if (token is { } challenge && length > 0)
            Error = Encoding.UTF8.GetString(challenge, startIndex, length);
        return base.Challenge(token, startIndex, length, cancellationToken);
    }
}
