using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

internal sealed record MemberActivationRequest([property: RouteParam] Guid Id);

/// <summary>
/// POST /api/directory/members/{id}/{verb} (admins): <see cref="DeactivateMember"/> and <see cref="ReactivateMember"/>.
/// Never on oneself, so the last admin cannot lock everyone out.
/// </summary>
internal abstract class MemberActivation(MemberStore store, string verb, bool active, string summary, string description)
    : Endpoint<MemberActivationRequest, MemberResponse>
{
    public override void Configure()
    {
        Post($"/directory/members/{{id:guid}}/{verb}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = description + " Answers the member as it is now (doing it twice changes nothing); 404 for an unknown "
                + "member; 403 on your own account (another administrator must do it).";
        });
    }

    public override async Task HandleAsync(MemberActivationRequest request, CancellationToken cancellationToken)
    {
        if (request.Id == User.AccountId())
            await Send.ResultAsync(Problems.Forbidden($"You cannot {verb} yourself: ask another administrator."));
        else if (await store.SetActiveAsync(request.Id, active, cancellationToken) is { } member)
            await Send.OkAsync(MemberResponse.Of(member), cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("member", request.Id));
    }
}
