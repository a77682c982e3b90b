using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace MailHub.Core.Accounts;

/// <summary>
/// An account changing its own password: the current one must match; the new one clears a forced change
/// (<c>must_change_password</c>) and signs every other session of the account out.
/// </summary>
public sealed class AccountPasswords(NpgsqlDataSource dataSource, AccountSessions sessions)
{
    public async Task<PasswordChangeResult> ChangeAsync(Guid accountId, string currentPassword, string newPassword, Guid keepSession,
        CancellationToken cancellationToken)
    {
        var account = new Account(accountId, "", "", "", false);
        await using (var command = dataSource.CreateCommand("SELECT password_hash FROM core.accounts WHERE id = $1"))
        {
            command.Parameters.Add(new() { Value = accountId });
            if (await command.ExecuteScalarAsync(cancellationToken) is not string hash)
                return PasswordChangeResult.NoAccount;
            if (AccountStore.Hasher.VerifyHashedPassword(account, hash, currentPassword) == PasswordVerificationResult.Failed)
                return PasswordChangeResult.WrongCurrentPassword;
            if (currentPassword == newPassword)
                return PasswordChangeResult.SameAsCurrent;
        }
        await using (var update = dataSource.CreateCommand("UPDATE core.accounts SET password_hash = $2, must_change_password = false WHERE id = $1"))
        {
            update.Parameters.Add(new() { Value = accountId });
            update.Parameters.Add(new() { Value = AccountStore.Hasher.HashPassword(account, newPassword) });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await sessions.EndAllAsync(accountId, except: keepSession, cancellationToken);
        return PasswordChangeResult.Changed;
    }
}
