using MailHub.People.Members;

namespace MailHub.People.Departments;

/// <summary>A department with its own members (not those of its sub-departments).</summary>
internal sealed record DepartmentDetails(Guid Id, string Name, Guid? ParentId, IReadOnlyList<MemberResponse> Members);
