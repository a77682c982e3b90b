using Npgsql;

namespace MailHub.People.Bulk;

/// <summary>A member as an import or a sync compares it: every field either can write.</summary>
internal sealed record MemberState(
    Guid Id, string Account, string Name, string Email, string? Mobile, string? Position, string Role, bool Active,
    IReadOnlyList<Guid> DepartmentIds, string? Source, string? ExternalId);

internal sealed record DepartmentState(Guid Id, string Name, Guid? ParentId, bool Active, string? Source, string? ExternalId);

/// <summary>
/// The whole directory read at once (members with their departments, the department tree), so an import of ten thousand
/// rows or a full sync compares in memory instead of asking the database row by row.
/// </summary>
internal sealed class DirectorySnapshot
{
    private readonly Dictionary<string, MemberState> byAccount = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MemberState> byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, DepartmentState> departments = [];
    private readonly Dictionary<(Guid?, string), DepartmentState> byParentAndName = [];

    private DirectorySnapshot(IReadOnlyList<MemberState> members, IReadOnlyList<DepartmentState> departmentList)
    {
        Members = members;
        Departments = departmentList;
        foreach (var member in members)
        {
            byAccount[member.Account] = member;
            byEmail[member.Email] = member;
        }
        // Siblings may share a name: a path finds the active one first, then the oldest.
        foreach (var department in departmentList.OrderBy(d => d.Active ? 0 : 1).ThenBy(d => d.Id))
        {
            departments[department.Id] = department;
            byParentAndName.TryAdd((department.ParentId, department.Name), department);
        }
    }

    public IReadOnlyList<MemberState> Members { get; }

    public IReadOnlyList<DepartmentState> Departments { get; }

    public MemberState? MemberByAccount(string account) => byAccount.GetValueOrDefault(account);

    public MemberState? MemberByEmail(string email) => byEmail.GetValueOrDefault(email);

    public DepartmentState? Department(Guid id) => departments.GetValueOrDefault(id);

    public DepartmentState? Child(Guid? parentId, string name) => byParentAndName.GetValueOrDefault((parentId, name));

    /// <summary>The department's path from the top of the tree ("总部/售后/一组").</summary>
    public string PathOf(Guid id)
    {
        var names = new List<string>();
        for (var department = Department(id); department is not null && names.Count < 64; department = department.ParentId is { } p ? Department(p) : null)
            names.Add(department.Name);
        names.Reverse();
        return string.Join(Import.DirectoryColumns.PathSeparator, names);
    }

    public static async Task<DirectorySnapshot> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var departmentList = new List<DepartmentState>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, name, parent_id, active, source, external_id FROM directory.departments", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                departmentList.Add(new DepartmentState(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }
        var members = new List<MemberState>();
        await using (var command = new NpgsqlCommand("""
            SELECT m.id, m.account, m.name, m.email, m.mobile, m.position, m.role, m.active, m.source, m.external_id,
                   coalesce(array_agg(md.department_id ORDER BY md.ordinal) FILTER (WHERE md.department_id IS NOT NULL), '{}')
            FROM directory.members m LEFT JOIN directory.member_departments md ON md.member_id = m.id
            GROUP BY m.id ORDER BY m.account
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                members.Add(new MemberState(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                    reader.GetBoolean(7), reader.GetFieldValue<Guid[]>(10), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }
        return new DirectorySnapshot(members, departmentList);
    }
}
