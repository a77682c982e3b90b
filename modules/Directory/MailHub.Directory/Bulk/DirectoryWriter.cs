using MailHub.Core.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.People.Bulk;

/// <summary>
/// Writes members (with their logins) and departments many at a time inside one transaction: an import's good rows or a
/// sync's whole push commit together or not at all. Every statement takes arrays (unnest), so a write costs a few round
/// trips whatever the number of rows. Bulk writers take <see cref="LockAsync"/> first, so two never interleave.
/// </summary>
internal static class DirectoryWriter
{
    /// <summary>One import or sync at a time: the second waits for the first's commit, then reads what it wrote.</summary>
    public static async Task LockAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('directory.bulk'))", transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>New departments, parents before their children (the caller's order).</summary>
    public static async Task CreateDepartmentsAsync(NpgsqlTransaction transaction, IReadOnlyList<DepartmentState> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
            return;
        // Foreign keys are checked at the end of the statement, so a parent inserted by the same statement is there in time.
        await using var command = new NpgsqlCommand("""
            INSERT INTO directory.departments (id, name, parent_id, active, source, external_id)
            SELECT d.id, d.name, d.parent_id, d.active, d.source, d.external_id
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::boolean[], $5::text[], $6::text[]) WITH ORDINALITY AS d(id, name, parent_id, active, source, external_id, n)
            ORDER BY d.n
            """, transaction.Connection, transaction);
        AddDepartments(command, created);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UpdateDepartmentsAsync(NpgsqlTransaction transaction, IReadOnlyList<DepartmentState> updated, CancellationToken cancellationToken)
    {
        if (updated.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            UPDATE directory.departments t SET name = d.name, parent_id = d.parent_id, active = d.active, source = d.source, external_id = d.external_id
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::boolean[], $5::text[], $6::text[]) AS d(id, name, parent_id, active, source, external_id)
            WHERE t.id = d.id
            """, transaction.Connection, transaction);
        AddDepartments(command, updated);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task CreateMembersAsync(NpgsqlTransaction transaction, IReadOnlyList<MemberState> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
            return;
        await using (var command = new NpgsqlCommand("""
            INSERT INTO directory.members (id, account, name, email, mobile, position, role, active, source, external_id)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[])
            """, transaction.Connection, transaction))
        {
            AddMembers(command, created);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AccountBatch.CreateAsync(transaction, created.Select(AccountOf).ToList(), cancellationToken);
        await AccountBatch.SetDisabledAsync(transaction, created.Where(m => !m.Active).Select(m => m.Id).ToList(), true, cancellationToken);
        await SetDepartmentsAsync(transaction, created, cancellationToken);
    }

    /// <summary>Every field of the members as given (the role stays: neither an import nor a sync sets roles).</summary>
    public static async Task UpdateMembersAsync(NpgsqlTransaction transaction, IReadOnlyList<MemberState> updated, IReadOnlyList<MemberState> before,
        CancellationToken cancellationToken)
    {
        if (updated.Count == 0)
            return;
        await using (var command = new NpgsqlCommand("""
            UPDATE directory.members t SET account = m.account, name = m.name, email = m.email, mobile = m.mobile, position = m.position,
                active = m.active, source = m.source, external_id = m.external_id, updated_at = now()
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[])
                AS m(id, account, name, email, mobile, position, role, active, source, external_id)
            WHERE t.id = m.id
            """, transaction.Connection, transaction))
        {
            AddMembers(command, updated);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var wasActive = before.ToDictionary(m => m.Id, m => m.Active);
        await AccountBatch.UpdateAsync(transaction, updated.Select(AccountOf).ToList(), cancellationToken);
        await AccountBatch.SetDisabledAsync(transaction, updated.Where(m => !m.Active && wasActive[m.Id]).Select(m => m.Id).ToList(), true, cancellationToken);
        await AccountBatch.SetDisabledAsync(transaction, updated.Where(m => m.Active && !wasActive[m.Id]).Select(m => m.Id).ToList(), false, cancellationToken);
        await using (var clear = new NpgsqlCommand("DELETE FROM directory.member_departments WHERE member_id = ANY($1)", transaction.Connection, transaction))
        {
            clear.Parameters.Add(new() { Value = updated.Select(m => m.Id).ToArray() });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await SetDepartmentsAsync(transaction, updated, cancellationToken);
    }

    private static async Task SetDepartmentsAsync(NpgsqlTransaction transaction, IReadOnlyList<MemberState> members, CancellationToken cancellationToken)
    {
        var pairs = members.SelectMany(m => m.DepartmentIds.Distinct().Select((d, i) => (Member: m.Id, Department: d, Ordinal: i + 1))).ToList();
        if (pairs.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO directory.member_departments (member_id, department_id, ordinal)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = pairs.Select(p => p.Member).ToArray() });
        command.Parameters.Add(new() { Value = pairs.Select(p => p.Department).ToArray() });
        command.Parameters.Add(new() { Value = pairs.Select(p => p.Ordinal).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NewAccount AccountOf(MemberState member) => new(member.Id, member.Email, member.Name, member.Role);

    private static void AddMembers(NpgsqlCommand command, IReadOnlyList<MemberState> members)
    {
        command.Parameters.Add(new() { Value = members.Select(m => m.Id).ToArray() });
        command.Parameters.Add(new() { Value = members.Select(m => m.Account).ToArray() });
        command.Parameters.Add(new() { Value = members.Select(m => m.Name).ToArray() });
        command.Parameters.Add(new() { Value = members.Select(m => m.Email).ToArray() });
        command.Parameters.Add(Texts(members.Select(m => m.Mobile)));
        command.Parameters.Add(Texts(members.Select(m => m.Position)));
        command.Parameters.Add(new() { Value = members.Select(m => m.Role).ToArray() });
        command.Parameters.Add(new() { Value = members.Select(m => m.Active).ToArray() });
        command.Parameters.Add(Texts(members.Select(m => m.Source)));
        command.Parameters.Add(Texts(members.Select(m => m.ExternalId)));
    }

    private static void AddDepartments(NpgsqlCommand command, IReadOnlyList<DepartmentState> departments)
    {
        command.Parameters.Add(new() { Value = departments.Select(d => d.Id).ToArray() });
        command.Parameters.Add(new() { Value = departments.Select(d => d.Name).ToArray() });
        command.Parameters.Add(new() { Value = departments.Select(d => d.ParentId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = departments.Select(d => d.Active).ToArray() });
        command.Parameters.Add(Texts(departments.Select(d => d.Source)));
        command.Parameters.Add(Texts(departments.Select(d => d.ExternalId)));
    }

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
