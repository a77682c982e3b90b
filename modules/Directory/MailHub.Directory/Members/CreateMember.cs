using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Departments;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

/// <summary>
/// A new member with a console login. role defaults to agent; the first of departmentIds is the member's main team.
/// </summary>
internal sealed record CreateMemberRequest(
    string Account, string Name, string Email, string? Mobile, string? Position, string? Role, IReadOnlyList<Guid> DepartmentIds,
    string Password);

internal sealed class CreateMemberRequestValidator : Validator<CreateMemberRequest>
{
    public CreateMemberRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop; // the first failed check of a field is its message
        RuleFor(r => r.Account).MemberAccount();
        RuleFor(r => r.Name).MemberName();
        RuleFor(r => r.Email).MemberEmail();
        RuleFor(r => r.Role).MemberRole();
        RuleFor(r => r.Password)
            .NotNull().WithMessage($"Give the member a password of at least {MemberRules.MinPasswordLength} characters to log in with.")
            .MemberPassword();
        RuleFor(r => r.DepartmentIds).MemberDepartments();
    }
}

/// <summary>POST /api/directory/members (admins).</summary>
internal sealed class CreateMember(MemberStore store, DepartmentStore departments) : Endpoint<CreateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Post("/directory/members");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<MemberResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Create a member with a console login (admins).";
            s.Description = "Answers 201 with the member and its Location. The member logs in at POST /api/auth/token with their "
                + "e-mail and password. Refused (400) for a malformed field or a department that does not exist, and (409) when "
                + "the account or the e-mail is taken.";
        });
    }

    public override async Task HandleAsync(CreateMemberRequest request, CancellationToken cancellationToken)
    {
        if (await MemberRules.CheckDepartmentsExistAsync(request.DepartmentIds, departments, cancellationToken) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var fields = new MemberFields(request.Name.Trim(), request.Email.Trim(), SqlText.Clean(request.Mobile), SqlText.Clean(request.Position),
            request.Role ?? MailHub.Core.Accounts.Roles.Agent, request.DepartmentIds);
        try
        {
            var member = await store.CreateAsync(request.Account, fields, request.Password, cancellationToken);
            await Send.ResultAsync(TypedResults.Created($"/api/directory/members/{member.Id}", MemberResponse.Of(member)));
        }
        catch (MemberConflictException conflict)
        {
            await Send.ResultAsync(Problems.Conflict(conflict.Field, conflict.Message));
        }
    }
}
