using System.Security.Cryptography;
using System.Text;
using MailHub.Channels.RelayAccounts;
using MailHub.Mail.Smtp.Server;
using Npgsql;
using SmtpServer;
using SmtpServer.Authentication;

namespace MailHub.Channels.Smtp;

/// <summary>
/// SMTP AUTH against the relay accounts of <c>MailHub:Smtp:RelayAccounts</c> (compared in constant
/// time) and then those created through the API (<see cref="RelayAccountStore"/>).
/// </summary>
internal sealed class RelayAccountAuthenticator(IEnumerable<SmtpRelayAccount> configured, RelayAccountStore store) : IUserAuthenticator
{
    private readonly Dictionary<string, byte[]> _configured = configured
        .Where(a => a.UserName.Length > 0)
        .ToDictionary(a => a.UserName, a => Encoding.UTF8.GetBytes(a.Password), StringComparer.Ordinal);

    public async Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        if (_configured.TryGetValue(user, out var expected))
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), expected);
        try
        {
            return await store.VerifyAsync(user, password, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // 454 4.7.0 (RFC 4954 §6): a temporary failure, not a wrong password.
            throw SmtpReplies.Refuse(454, "4.7.0", "Temporary authentication failure, try again later");
        }
    }
}
