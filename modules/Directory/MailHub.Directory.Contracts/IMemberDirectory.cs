namespace MailHub.People.Contracts;

/// <summary>
/// A member of the organization (an agent or an admin); its id is also its login account id. A member who is not
/// <paramref name="Active"/> was deactivated: they cannot sign in and are given no conversation.
/// </summary>
public sealed record MemberRef(Guid Id, string Account, string Name, string Email, string Role, bool Active);

/// <summary>A department; routing calls the department a conversation belongs to its team.</summary>
public sealed record DepartmentRef(Guid Id, string Name, Guid? ParentId);

/// <summary>The organization's members and departments, for modules that route and show work.</summary>
public interface IMemberDirectory
{
    Task<MemberRef?> FindMemberAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The departments the member belongs to directly, the first one given first.</summary>
    Task<IReadOnlyList<Guid>> DepartmentsOfAsync(Guid memberId, CancellationToken cancellationToken = default);

    /// <summary>The active members of the department itself (not of its sub-departments), ordered by id: those who can take work.</summary>
    Task<IReadOnlyList<MemberRef>> MembersOfDepartmentAsync(Guid departmentId, CancellationToken cancellationToken = default);

    Task<DepartmentRef?> FindDepartmentAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The active members whose account or name is one of <paramref name="handles"/>, ignoring case (an @mention's words).</summary>
    Task<IReadOnlyList<MemberRef>> FindByHandlesAsync(IReadOnlyCollection<string> handles, CancellationToken cancellationToken = default);
}
