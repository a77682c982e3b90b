using FastEndpoints;
using FluentValidation;
using MailHub.People.Http;

namespace MailHub.People.Members;

/// <summary>Which members to list: those of one department, those matching q, or all.</summary>
internal sealed record ListMembersRequest([property: QueryParam] Guid? DepartmentId, [property: QueryParam] string? Q);

internal sealed class ListMembersRequestValidator : Validator<ListMembersRequest>
{
    public ListMembersRequestValidator() => RuleFor(r => r.Q).SearchQuery();
}

/// <summary>GET /api/directory/members.</summary>
internal sealed class ListMembers(MemberStore store) : Endpoint<ListMembersRequest, IReadOnlyList<MemberResponse>>
{
    public override void Configure()
    {
        Get("/directory/members");
        Summary(s =>
        {
            s.Summary = "Members, optionally of one department (departmentId) or matching q on name, e-mail or account.";
            s.Description = "Ordered by name. departmentId keeps the members of that department itself; q matches anywhere in the "
                + "name, e-mail or account, case-insensitively (e.g. 张 or zhang).";
        });
    }

    public override async Task HandleAsync(ListMembersRequest request, CancellationToken cancellationToken)
    {
        var members = await store.ListAsync(request.DepartmentId, SqlText.Clean(request.Q), cancellationToken);
        await Send.OkAsync(members.Select(MemberResponse.Of).ToList(), cancellationToken);
    }
}
