using Npgsql;

namespace MailHub.Core.Accounts;

/// <summary>A member's login as an import or a sync writes it: no password yet (an admin invites them, or sets one).</summary>
public sealed record NewAccount(Guid Id, string Email, string DisplayName, string Role);

/// <summary>
/// Accounts written many at a time inside the caller's transaction (the directory's import and sync), so a thousand
/// members and their logins commit together or not at all. Accounts made here have no password (NULL, as an invitee's
/// before they choose one): nothing signs them in until an admin sends them an invitation link
/// (POST /api/directory/members/{id}/invitation) or sets a password for them.
/// </summary>
public static class AccountBatch
{
    public static async Task CreateAsync(NpgsqlTransaction transaction, IReadOnlyCollection<NewAccount> accounts, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0)
            return;
        foreach (var role in accounts.Select(a => a.Role).Distinct())
        {
            if (!Roles.IsKnown(role))
                throw new ArgumentException(Roles.Unknown(role), nameof(accounts));
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO core.accounts (id, email, display_name, role, password_hash, must_change_password)
            SELECT a.id, a.email, a.name, a.role, NULL, false FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS a(id, email, name, role)
            """, transaction.Connection, transaction);
        AddColumns(command, accounts);
        await ExecuteAsync(command, cancellationToken);
    }

    /// <summary>New e-mails and names (the role stays as it is).</summary>
    public static async Task UpdateAsync(NpgsqlTransaction transaction, IReadOnlyCollection<NewAccount> accounts, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            UPDATE core.accounts c SET email = a.email, display_name = a.name
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS a(id, email, name, role) WHERE c.id = a.id
            """, transaction.Connection, transaction);
        AddColumns(command, accounts);
        await ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Disables (or enables again) accounts; disabling signs out every session they had, on every node.</summary>
    public static async Task SetDisabledAsync(NpgsqlTransaction transaction, IReadOnlyCollection<Guid> ids, bool disabled, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            WITH signed_out AS (DELETE FROM core.sessions WHERE account_id = ANY($1) AND $2)
            UPDATE core.accounts SET disabled = $2 WHERE id = ANY($1)
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        command.Parameters.Add(new() { Value = disabled });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The accounts that log in with any of <paramref name="emails"/>: lower-cased e-mail to account id.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> FindByEmailsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT lower(email), id FROM core.accounts WHERE lower(email) = ANY($1)", connection, transaction);
        command.Parameters.Add(new() { Value = emails.Select(e => e.ToLowerInvariant()).Distinct().ToArray() });
        var found = new Dictionary<string, Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = reader.GetGuid(1);
        return found;
    }

    private static void AddColumns(NpgsqlCommand command, IReadOnlyCollection<NewAccount> accounts)
    {
        command.Parameters.Add(new() { Value = accounts.Select(a => a.Id).ToArray() });
        command.Parameters.Add(new() { Value = accounts.Select(a => a.Email).ToArray() });
        command.Parameters.Add(new() { Value = accounts.Select(a => a.DisplayName).ToArray() });
        command.Parameters.Add(new() { Value = accounts.Select(a => a.Role).ToArray() });
    }

    private static async Task ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateEmailException(e.Detail ?? "one of them");
        }
    }
}
