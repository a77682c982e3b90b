using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MailHub.Core.Accounts;

/// <summary>An invitation as its link's page shows it: whose it is and until when it works.</summary>
public sealed record Invitation(Guid AccountId, string Email, string DisplayName, DateTimeOffset ExpiresAt, bool Expired);

/// <summary>
/// One-time links with which an invited account chooses its password (<c>core.invitations</c>). The token is 32 random
/// bytes, given out once (the admin sends the link); only its SHA-256 is stored, so reading the table opens nothing.
/// A new link for an account replaces its earlier ones; choosing the password uses the link up.
/// </summary>
public sealed class AccountInvitations(NpgsqlDataSource dataSource, AccountSessions sessions)
{
    /// <summary>How long a link works: long enough for a week-end between the invite and the first day.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>A new link's token for the account (earlier ones stop working) and when it expires.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var command = dataSource.CreateCommand("""
            WITH replaced AS (DELETE FROM core.invitations WHERE account_id = $2)
            INSERT INTO core.invitations (token_hash, account_id, expires_at) VALUES ($1, $2, now() + $3) RETURNING expires_at
            """);
        command.Parameters.Add(new() { Value = HashOf(token) });
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = Lifetime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (token, reader.GetFieldValue<DateTimeOffset>(0));
    }

    /// <summary>The invitation of <paramref name="token"/>, expired or not; null when there is none (never issued, used, or replaced).</summary>
    public async Task<Invitation?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.id, a.email, a.display_name, i.expires_at, i.expires_at <= now()
            FROM core.invitations i JOIN core.accounts a ON a.id = i.account_id
            WHERE i.token_hash = $1 AND NOT a.disabled
            """);
        command.Parameters.Add(new() { Value = HashOf(token) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Invitation(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4))
            : null;
    }

    /// <summary>
    /// Sets the password of the link's account and uses the link up, in one transaction; the account is unlocked and signed
    /// out of any other session. Null when the link does not work (unknown, used, replaced, expired, or the account disabled).
    /// </summary>
    public async Task<Account?> AcceptAsync(string token, string password, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Account account;
        await using (var used = new NpgsqlCommand("""
            DELETE FROM core.invitations i USING core.accounts a
            WHERE i.token_hash = $1 AND a.id = i.account_id AND i.expires_at > now() AND NOT a.disabled
            RETURNING a.id, a.email, a.display_name, a.role
            """, connection, transaction))
        {
            used.Parameters.Add(new() { Value = HashOf(token) });
            await using var reader = await used.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            account = new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Disabled: false);
        }
        await using (var set = new NpgsqlCommand("""
            UPDATE core.accounts SET password_hash = $2, must_change_password = false, failed_sign_ins = 0, locked_until = NULL WHERE id = $1
            """, connection, transaction))
        {
            set.Parameters.Add(new() { Value = account.Id });
            set.Parameters.Add(new() { Value = AccountStore.Hasher.HashPassword(account, password) });
            await set.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var others = new NpgsqlCommand("DELETE FROM core.invitations WHERE account_id = $1", connection, transaction))
        {
            others.Parameters.Add(new() { Value = account.Id });
            await others.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        await sessions.EndAllAsync(account.Id, except: null, cancellationToken);
        return account;
    }

    /// <summary>Whether the account is still waiting for its invitee to choose a password.</summary>
    public async Task<bool> PendingAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT password_hash IS NULL FROM core.accounts WHERE id = $1");
        command.Parameters.Add(new() { Value = accountId });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
