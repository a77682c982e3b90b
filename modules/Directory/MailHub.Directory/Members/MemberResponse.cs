namespace MailHub.People.Members;

/// <summary>
/// A member as the API shows it: never the password. departmentIds lists the main team first; active is false for a
/// deactivated member (cannot sign in, routing gives them nothing); invitationPending is true for an invited member who has
/// not chosen their password yet. source names the system that pushes the member (PUT /api/directory/sync/{source}; its
/// next push overwrites changes made here), null for members made here or imported.
/// </summary>
internal sealed record MemberResponse(
    Guid Id, string Account, string Name, string Email, string? Mobile, string? Position, string Role,
    IReadOnlyList<Guid> DepartmentIds, DateTimeOffset CreatedAt, bool Active, bool InvitationPending, string? Source)
{
    public static MemberResponse Of(Member member) => new(
        member.Id, member.Account, member.Name, member.Email, member.Mobile, member.Position, member.Role, member.DepartmentIds,
        member.CreatedAt, member.Active, member.InvitationPending, member.Source);
}
