using MailHub.People.Contracts;
using MailHub.People.Departments;
using Npgsql;

namespace MailHub.People.Members;

/// <summary>The <see cref="IMemberDirectory"/> other modules call (Routing picks agents with it).</summary>
internal sealed class MemberDirectory(NpgsqlDataSource dataSource, MemberStore members, DepartmentStore departments) : IMemberDirectory
{
    public async Task<MemberRef?> FindMemberAsync(Guid id, CancellationToken cancellationToken = default) =>
        await members.FindAsync(id, cancellationToken) is { } member ? RefOf(member) : null;

    public async Task<IReadOnlyList<Guid>> DepartmentsOfAsync(Guid memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT department_id FROM directory.member_departments WHERE member_id = $1 ORDER BY ordinal");
        command.Parameters.Add(new() { Value = memberId });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    public async Task<IReadOnlyList<MemberRef>> MembersOfDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default) =>
        (await members.ListAsync(departmentId, null, cancellationToken)).Where(m => m.Active).Select(RefOf).OrderBy(m => m.Id).ToList();

    public async Task<DepartmentRef?> FindDepartmentAsync(Guid id, CancellationToken cancellationToken = default) =>
        await departments.FindAsync(id, cancellationToken) is { } department
            ? new DepartmentRef(department.Id, department.Name, department.ParentId)
            : null;

    public async Task<IReadOnlyList<MemberRef>> FindByHandlesAsync(IReadOnlyCollection<string> handles, CancellationToken cancellationToken = default)
    {
        if (handles.Count == 0)
            return [];
        await using var command = dataSource.CreateCommand(
            "SELECT id, account, name, email, role FROM directory.members WHERE active AND (lower(account) = ANY($1) OR lower(name) = ANY($1))");
        command.Parameters.Add(new() { Value = handles.Select(h => h.ToLowerInvariant()).Distinct().ToArray() });
        var found = new List<MemberRef>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new MemberRef(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Active: true));
        return found;
    }

    private static MemberRef RefOf(Member member) => new(member.Id, member.Account, member.Name, member.Email, member.Role, member.Active);
}
