using MailHub.Core.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.People.Members;

internal sealed record Member(
    Guid Id, string Account, string Name, string Email, string? Mobile, string? Position, string Role,
    IReadOnlyList<Guid> DepartmentIds, DateTimeOffset CreatedAt, bool Active, bool InvitationPending, string? Source);

/// <summary>What can change on a member (everything but the id and the account).</summary>
internal sealed record MemberFields(string Name, string Email, string? Mobile, string? Position, string Role, IReadOnlyList<Guid> DepartmentIds);

/// <summary>The account or e-mail is already taken; <see cref="Field"/> names the request field.</summary>
internal sealed class MemberConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Members in <c>directory.members</c>, each with a login in <c>core.accounts</c> under the same id.
/// The member row and the account are written together: the member's transaction commits only after
/// the account write succeeded, so a taken e-mail leaves neither behind.
/// </summary>
internal sealed class MemberStore(NpgsqlDataSource dataSource, AccountStore accounts)
{
    private const string Select = """
        SELECT m.id, m.account, m.name, m.email, m.mobile, m.position, m.role, m.created_at,
               coalesce(array_agg(md.department_id ORDER BY md.ordinal) FILTER (WHERE md.department_id IS NOT NULL), '{}'), m.active,
               EXISTS (SELECT 1 FROM core.accounts a WHERE a.id = m.id AND a.password_hash IS NULL), m.source
        FROM directory.members m LEFT JOIN directory.member_departments md ON md.member_id = m.id
        """;

    /// <summary>A new member; without a <paramref name="password"/> they are invited and choose one through their link.</summary>
    public async Task<Member> CreateAsync(string account, MemberFields fields, string? password, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO directory.members (id, account, name, email, mobile, position, role) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = account });
            AddFields(insert, fields);
            await ExecuteMappingConflictsAsync(insert, account, fields.Email, cancellationToken);
        }
        await SetDepartmentsAsync(transaction, id, fields.DepartmentIds, cancellationToken);
        try
        {
            await accounts.CreateAsync(fields.Email, fields.Name, fields.Role, password, id, cancellationToken);
        }
        catch (DuplicateEmailException)
        {
            throw EmailTaken(fields.Email);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<Member?> UpdateAsync(Guid id, MemberFields fields, string? newPassword, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE directory.members SET name = $2, email = $3, mobile = $4, position = $5, role = $6, updated_at = now()
            WHERE id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new() { Value = id });
            AddFields(update, fields);
            if (await ExecuteMappingConflictsAsync(update, null, fields.Email, cancellationToken) == 0)
                return null;
        }
        await using (var clear = new NpgsqlCommand("DELETE FROM directory.member_departments WHERE member_id = $1", connection, transaction))
        {
            clear.Parameters.Add(new() { Value = id });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await SetDepartmentsAsync(transaction, id, fields.DepartmentIds, cancellationToken);
        try
        {
            await accounts.UpdateAsync(id, fields.Email, fields.Name, fields.Role, cancellationToken);
        }
        catch (DuplicateEmailException)
        {
            throw EmailTaken(fields.Email);
        }
        if (newPassword is not null)
            await accounts.SetPasswordAsync(id, newPassword, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    /// <summary>
    /// Deactivates (or reactivates) a member: the member row and their account change together, and deactivating ends every
    /// session the account had on every node (<see cref="AccountStore.SetDisabledAsync"/>). Null when there is no such member.
    /// </summary>
    public async Task<Member?> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            "UPDATE directory.members SET active = $2, updated_at = now() WHERE id = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = active });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                return null;
        }
        await accounts.SetDisabledAsync(id, !active, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    public async Task<Member?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE m.id = $1 GROUP BY m.id");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Members, optionally only those of one department and those whose name, e-mail or account contains <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<Member>> ListAsync(Guid? departmentId, string? query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            {Select}
            WHERE ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM directory.member_departments x WHERE x.member_id = m.id AND x.department_id = $1))
              AND ($2::text IS NULL OR m.name ILIKE $2 OR m.email ILIKE $2 OR m.account ILIKE $2)
            GROUP BY m.id ORDER BY m.name, m.id
            """);
        command.Parameters.Add(new() { Value = (object?)departmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = query is null ? DBNull.Value : Http.SqlText.Contains(query), NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadAsync(command, cancellationToken);
    }

    private static void AddFields(NpgsqlCommand command, MemberFields fields)
    {
        command.Parameters.Add(new() { Value = fields.Name });
        command.Parameters.Add(new() { Value = fields.Email });
        command.Parameters.Add(new() { Value = (object?)fields.Mobile ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)fields.Position ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = fields.Role });
    }

    private static async Task SetDepartmentsAsync(NpgsqlTransaction transaction, Guid memberId, IReadOnlyList<Guid> departmentIds,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO directory.member_departments (member_id, department_id, ordinal)
            SELECT $1, d.id, min(d.n) FROM unnest($2::uuid[]) WITH ORDINALITY AS d(id, n) GROUP BY d.id
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = memberId });
        insert.Parameters.Add(new() { Value = departmentIds.ToArray() });
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new MemberConflictException("departmentIds", "One of the departments was deleted a moment ago: reload the departments and try again.");
        }
    }

    private static async Task<int> ExecuteMappingConflictsAsync(NpgsqlCommand command, string? account, string email, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "members_account")
        {
            throw new MemberConflictException("account", $"The account '{account}' is taken: choose another one.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw EmailTaken(email);
        }
    }

    private static MemberConflictException EmailTaken(string email) =>
        new("email", $"Someone already logs in with '{email}': give this member another e-mail.");

    private static async Task<IReadOnlyList<Member>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var members = new List<Member>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new Member(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6), reader.GetFieldValue<Guid[]>(8), reader.GetFieldValue<DateTimeOffset>(7), reader.GetBoolean(9),
                reader.GetBoolean(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }
        return members;
    }
}
