using Npgsql;

namespace MailHub.People.Departments;

internal sealed record Department(Guid Id, string Name, Guid? ParentId);

/// <summary>The department tree in <c>directory.departments</c>.</summary>
internal sealed class DepartmentStore(NpgsqlDataSource dataSource)
{
    public async Task<Department> CreateAsync(string name, Guid? parentId, CancellationToken cancellationToken)
    {
        var department = new Department(Guid.CreateVersion7(), name, parentId);
        await using var command = dataSource.CreateCommand("INSERT INTO directory.departments (id, name, parent_id) VALUES ($1, $2, $3)");
        command.Parameters.Add(new() { Value = department.Id });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = (object?)parentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return department;
    }

    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, parent_id FROM directory.departments ORDER BY name, id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Department?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, parent_id FROM directory.departments WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The ids among <paramref name="ids"/> that are not departments.</summary>
    public async Task<IReadOnlyList<Guid>> MissingAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM directory.departments WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var found = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(reader.GetGuid(0));
        return ids.Where(id => !found.Contains(id)).ToList();
    }

    /// <summary>True when <paramref name="candidate"/> is <paramref name="id"/> or below it in the tree.</summary>
    public async Task<bool> IsWithinAsync(Guid candidate, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE below AS (
                SELECT id FROM directory.departments WHERE id = $2
                UNION SELECT d.id FROM directory.departments d JOIN below b ON d.parent_id = b.id)
            SELECT EXISTS (SELECT 1 FROM below WHERE id = $1)
            """);
        command.Parameters.Add(new() { Value = candidate });
        command.Parameters.Add(new() { Value = id });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> UpdateAsync(Department department, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE directory.departments SET name = $2, parent_id = $3 WHERE id = $1");
        command.Parameters.Add(new() { Value = department.Id });
        command.Parameters.Add(new() { Value = department.Name });
        command.Parameters.Add(new() { Value = (object?)department.ParentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Deletes an empty department; false when it has sub-departments or members.</summary>
    public async Task<bool> DeleteIfEmptyAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM directory.departments d WHERE d.id = $1
              AND NOT EXISTS (SELECT 1 FROM directory.departments c WHERE c.parent_id = d.id)
              AND NOT EXISTS (SELECT 1 FROM directory.member_departments m WHERE m.department_id = d.id)
            """);
        command.Parameters.Add(new() { Value = id });
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return false; // a member or child was added at the same moment
        }
    }

    private static async Task<IReadOnlyList<Department>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var departments = new List<Department>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            departments.Add(new Department(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2)));
        return departments;
    }
}
