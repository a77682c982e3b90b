using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

internal sealed record GetMemberRequest([property: RouteParam] Guid Id);

/// <summary>GET /api/directory/members/{id}.</summary>
internal sealed class GetMember(MemberStore store) : Endpoint<GetMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Get("/directory/members/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One member.";
            s.Description = "The member's account, name, e-mail, role and departments; 404 when there is no such member.";
        });
    }

    public override async Task HandleAsync(GetMemberRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is { } member)
            await Send.OkAsync(MemberResponse.Of(member), cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("member", request.Id));
    }
}
