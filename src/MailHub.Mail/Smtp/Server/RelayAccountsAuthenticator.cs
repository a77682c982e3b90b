using System.Security.Cryptography;
using System.Text;

namespace MailHub.Mail.Smtp.Server;

/// <summary>Checks credentials against <see cref="SmtpServerOptions.RelayAccounts"/>, in constant time per account.</summary>
public sealed class RelayAccountsAuthenticator(IEnumerable<SmtpRelayAccount> accounts) : ISmtpAuthenticator
{
    private readonly Dictionary<string, byte[]> _passwords = accounts
        .Where(a => a.UserName.Length > 0)
        .ToDictionary(a => a.UserName, a => Encoding.UTF8.GetBytes(a.Password), StringComparer.Ordinal);

    public ValueTask<bool> AuthenticateAsync(string userName, string password, ISmtpSessionContext session, CancellationToken cancellationToken)
    {
        if (!_passwords.TryGetValue(userName, out var expected))
        {
            return ValueTask.FromResult(false);
        }

        var given = Encoding.UTF8.GetBytes(password);
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(given, expected));
    }
}
