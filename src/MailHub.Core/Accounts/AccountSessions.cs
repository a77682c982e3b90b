using Npgsql;
using NpgsqlTypes;

namespace MailHub.Core.Accounts;

/// <summary>What a request learns of its session: it is signed in, and whether it must change its password first.</summary>
public sealed record SessionState(Guid Id, Guid AccountId, bool MustChangePassword);

/// <summary>
/// Server-side sessions in <c>core.sessions</c>, one per sign-in (console cookie or bearer token). The cookie and the
/// tokens carry the session's id (<see cref="CurrentUser.SessionClaim"/>); a request whose session row is gone, or
/// whose account is disabled, is not signed in. Ending a session deletes its row, so every node refuses it from the
/// next request: there is no cache to wait out.
/// </summary>
public sealed class AccountSessions(NpgsqlDataSource dataSource)
{
    public const string Cookie = "cookie";
    public const string Bearer = "bearer";

    /// <summary>Sessions not used for this long are dropped when their account next signs in.</summary>
    public static readonly TimeSpan Unused = TimeSpan.FromDays(30);

    public async Task<Guid> StartAsync(Guid accountId, string kind, string? ip, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new("DELETE FROM core.sessions WHERE account_id = $1 AND last_seen_at < now() - $2")
        {
            Parameters = { new() { Value = accountId }, new() { Value = Unused } },
        });
        batch.BatchCommands.Add(new("INSERT INTO core.sessions (id, account_id, kind, ip) VALUES ($1, $2, $3, $4)")
        {
            Parameters = { new() { Value = id }, new() { Value = accountId }, new() { Value = kind }, new() { Value = (object?)ip ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>The session when it is still running and its account (<paramref name="accountId"/>) is enabled, else null.</summary>
    public async Task<SessionState?> FindAsync(Guid id, Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.must_change_password FROM core.sessions s JOIN core.accounts a ON a.id = s.account_id
            WHERE s.id = $1 AND s.account_id = $2 AND NOT a.disabled
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = accountId });
        return await command.ExecuteScalarAsync(cancellationToken) is bool mustChange ? new SessionState(id, accountId, mustChange) : null;
    }

    /// <summary>The session was used again (its cookie slid, its refresh token was used): it is not dropped as unused.</summary>
    public async Task TouchAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE core.sessions SET last_seen_at = now() WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Signs one session out everywhere.</summary>
    public async Task EndAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM core.sessions WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Signs every session of an account out everywhere, but <paramref name="except"/> (the caller's own, when it changes its password).</summary>
    public async Task EndAllAsync(Guid accountId, Guid? except, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM core.sessions WHERE account_id = $1 AND id IS DISTINCT FROM $2");
        command.Parameters.Add(new() { Value = accountId });
        command.Parameters.Add(new() { Value = (object?)except ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
