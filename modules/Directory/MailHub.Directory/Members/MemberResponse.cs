namespace MailHub.People.Members;

/// <summary>
/// A member as the API shows it: never the password. departmentIds lists the main team first; active is false for a
/// deactivated member (cannot sign in, routing gives them nothing).
/// </summary>
internal sealed record MemberResponse(
    Guid Id, string Account, string Name, string Email, string? Mobile, string? Position, string Role,
    IReadOnlyList<Guid> DepartmentIds, DateTimeOffset CreatedAt, bool Active)
{
    public static MemberResponse Of(Member member) => new(
        member.Id, member.Account, member.Name, member.Email, member.Mobile, member.Position, member.Role, member.DepartmentIds,
        member.CreatedAt, member.Active);
}
