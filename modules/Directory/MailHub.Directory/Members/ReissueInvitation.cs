using FastEndpoints;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

internal sealed record ReissueInvitationRequest([property: RouteParam] Guid Id);

/// <summary>POST /api/directory/members/{id}/invitation (admins): a new link for an invitee whose link expired or got lost.</summary>
internal sealed class ReissueInvitation(MemberStore store, AccountInvitations invitations) : Endpoint<ReissueInvitationRequest, MemberInvitationResponse>
{
    public override void Configure()
    {
        Post("/directory/members/{id:guid}/invitation");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "A new invitation link for a member who has not chosen a password yet (admins).";
            s.Description = "The earlier link stops working; the new one works once, for 7 days. 404 for an unknown member; 409 when "
                + "the member already chose a password or was deactivated.";
        });
    }

    public override async Task HandleAsync(ReissueInvitationRequest request, CancellationToken cancellationToken)
    {
        var member = await store.FindAsync(request.Id, cancellationToken);
        if (member is null)
            await Send.ResultAsync(Problems.NotFound("member", request.Id));
        else if (!member.Active)
            await Send.ResultAsync(Problems.Conflict("id", $"{member.Name} is deactivated: reactivate them before inviting them again."));
        else if (!member.InvitationPending)
            await Send.ResultAsync(Problems.Conflict("id",
                $"{member.Name} already chose a password: to give them a new one, set it in their details (they change it at sign-in)."));
        else
        {
            var (token, expiresAt) = await invitations.IssueAsync(member.Id, cancellationToken);
            await Send.OkAsync(MemberInvitationResponse.Of(member, HttpContext.Request, token, expiresAt), cancellationToken);
        }
    }
}
