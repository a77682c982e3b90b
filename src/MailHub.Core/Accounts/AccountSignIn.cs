using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace MailHub.Core.Accounts;

/// <summary>
/// Checks an e-mail and password, counting failures in a row per account in <c>core.accounts</c>: the
/// <see cref="LockoutPolicy.Failures"/>th locks the account until a time, on every node, and a locked account is
/// refused without its password being looked at. A success clears the count.
/// </summary>
public sealed class AccountSignIn(NpgsqlDataSource dataSource)
{
    // An unknown e-mail costs a hash check too, so the answer's timing does not tell which e-mails have accounts.
    private static readonly Lazy<string> NobodysHash = new(() => AccountStore.Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<SignInAttempt> AttemptAsync(string email, string password, LockoutPolicy lockout, CancellationToken cancellationToken)
    {
        Account account;
        string? hash;
        bool mustChange;
        await using (var command = dataSource.CreateCommand("""
            SELECT id, email, display_name, role, disabled, password_hash, must_change_password, locked_until, locked_until - now()
            FROM core.accounts WHERE lower(email) = lower($1)
            """))
        {
            command.Parameters.Add(new() { Value = email.Trim() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                AccountStore.Hasher.VerifyHashedPassword(null!, NobodysHash.Value, password);
                return new SignInAttempt.Refused(null);
            }
            account = new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4));
            hash = reader.IsDBNull(5) ? null : reader.GetString(5);
            mustChange = reader.GetBoolean(6);
            if (!reader.IsDBNull(7) && reader.GetFieldValue<TimeSpan>(8) > TimeSpan.Zero)
                return new SignInAttempt.Locked(account.Id, reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<TimeSpan>(8));
        }

        if (hash is null)
        {
            // Invited, no password chosen yet: nothing opens it, and it costs the same as a wrong password.
            AccountStore.Hasher.VerifyHashedPassword(null!, NobodysHash.Value, password);
            return new SignInAttempt.Refused(account.Id);
        }
        if (AccountStore.Hasher.VerifyHashedPassword(account, hash, password) == PasswordVerificationResult.Failed)
            return await FailedAsync(account.Id, lockout, cancellationToken);
        if (account.Disabled)
            return new SignInAttempt.Refused(account.Id);
        await using (var clear = dataSource.CreateCommand(
            "UPDATE core.accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1 AND (failed_sign_ins <> 0 OR locked_until IS NOT NULL)"))
        {
            clear.Parameters.Add(new() { Value = account.Id });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        return new SignInAttempt.Succeeded(account, mustChange);
    }

    private async Task<SignInAttempt> FailedAsync(Guid accountId, LockoutPolicy lockout, CancellationToken cancellationToken)
    {
        // One statement, so failures racing on several nodes each count: the one that reaches the limit locks.
        await using var command = dataSource.CreateCommand("""
            UPDATE core.accounts SET
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN now() + $3 ELSE locked_until END
            WHERE id = $1
            RETURNING locked_until, locked_until - now()
            """);
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = lockout.Failures });
        command.Parameters.Add(new() { Value = lockout.Duration });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && reader.GetFieldValue<TimeSpan>(1) > TimeSpan.Zero)
            return new SignInAttempt.Locked(accountId, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<TimeSpan>(1));
        return new SignInAttempt.Refused(accountId);
    }
}
