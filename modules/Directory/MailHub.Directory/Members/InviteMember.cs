using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Departments;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

/// <summary>A member to invite: as <see cref="CreateMemberRequest"/> without the password, which the invitee chooses.</summary>
internal sealed record InviteMemberRequest(
    string Account, string Name, string Email, string? Mobile, string? Position, string? Role, IReadOnlyList<Guid> DepartmentIds);

internal sealed class InviteMemberRequestValidator : Validator<InviteMemberRequest>
{
    public InviteMemberRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop; // the first failed check of a field is its message
        RuleFor(r => r.Account).MemberAccount();
        RuleFor(r => r.Name).MemberName();
        RuleFor(r => r.Email).MemberEmail();
        RuleFor(r => r.Role).MemberRole();
        RuleFor(r => r.DepartmentIds).MemberDepartments();
    }
}

/// <summary>POST /api/directory/invitations (admins).</summary>
internal sealed class InviteMember(MemberStore store, DepartmentStore departments, AccountInvitations invitations)
    : Endpoint<InviteMemberRequest, MemberInvitationResponse>
{
    public override void Configure()
    {
        Post("/directory/invitations");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<MemberInvitationResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Invite a member: they choose their own password through a one-time link (admins).";
            s.Description = "Creates the member with no password (invitationPending) and answers 201 with the member and the link to "
                + "send them; it works once, for 7 days, and opens the console's page where they choose a password and are signed "
                + "in. Refused (400) for a malformed field or a department that does not exist, and (409) when the account or the "
                + "e-mail is taken.";
        });
    }

    public override async Task HandleAsync(InviteMemberRequest request, CancellationToken cancellationToken)
    {
        if (await MemberRules.CheckDepartmentsExistAsync(request.DepartmentIds, departments, cancellationToken) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var fields = new MemberFields(request.Name.Trim(), request.Email.Trim(), SqlText.Clean(request.Mobile), SqlText.Clean(request.Position),
            request.Role ?? MailHub.Core.Accounts.Roles.Agent, request.DepartmentIds);
        Member member;
        try
        {
            member = await store.CreateAsync(request.Account, fields, password: null, cancellationToken);
        }
        catch (MemberConflictException conflict)
        {
            await Send.ResultAsync(Problems.Conflict(conflict.Field, conflict.Message));
            return;
        }
        var (token, expiresAt) = await invitations.IssueAsync(member.Id, cancellationToken);
        await Send.ResultAsync(TypedResults.Created($"/api/directory/members/{member.Id}",
            MemberInvitationResponse.Of(member, HttpContext.Request, token, expiresAt)));
    }
}
