using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace MailHub.Channels.RelayAccounts;

internal sealed record RelayAccount(string UserName, DateTimeOffset CreatedAt);

/// <summary>SMTP AUTH users kept in <c>channels.relay_accounts</c>, passwords hashed by <see cref="PasswordHasher{TUser}"/>.</summary>
internal sealed class RelayAccountStore(NpgsqlDataSource dataSource)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Creates the account; false when the user name is taken.</summary>
    public async Task<bool> CreateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO channels.relay_accounts (user_name, password_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = userName });
        command.Parameters.Add(new() { Value = Hasher.HashPassword(userName, password) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<RelayAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT user_name, created_at FROM channels.relay_accounts ORDER BY user_name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<RelayAccount>();
        while (await reader.ReadAsync(cancellationToken))
            accounts.Add(new RelayAccount(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return accounts;
    }

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM channels.relay_accounts WHERE user_name = $1");
        command.Parameters.Add(new() { Value = userName });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT password_hash FROM channels.relay_accounts WHERE user_name = $1");
        command.Parameters.Add(new() { Value = userName });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string hash)
            return false;
        return Hasher.VerifyHashedPassword(userName, hash, password) != PasswordVerificationResult.Failed;
    }
}
