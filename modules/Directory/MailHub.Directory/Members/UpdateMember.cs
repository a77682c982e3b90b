using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Departments;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Members;

/// <summary>
/// A member's changes: a field left out (null) stays as it is. account cannot change (send it unchanged or leave it out);
/// a password replaces the old one; departmentIds, when given, is the member's whole list, main team first.
/// </summary>
internal sealed record UpdateMemberRequest(
    [property: RouteParam] Guid Id, string? Account, string? Name, string? Email, string? Mobile, string? Position, string? Role,
    IReadOnlyList<Guid>? DepartmentIds, string? Password);

internal sealed class UpdateMemberRequestValidator : Validator<UpdateMemberRequest>
{
    public UpdateMemberRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop; // the first failed check of a field is its message
        RuleFor(r => r.Name).MemberName().When(r => r.Name is not null);
        RuleFor(r => r.Email).MemberEmail().When(r => r.Email is not null);
        RuleFor(r => r.Role).MemberRole();
        RuleFor(r => r.Password).MemberPassword();
        RuleFor(r => r.DepartmentIds).MemberDepartments().When(r => r.DepartmentIds is not null);
    }
}

/// <summary>PUT /api/directory/members/{id} (admins).</summary>
internal sealed class UpdateMember(MemberStore store, DepartmentStore departments) : Endpoint<UpdateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Put("/directory/members/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Change a member (admins).";
            s.Description = "Fields left out stay as they are; the account never changes; a password given here replaces the old "
                + "one. Answers the member as it is now. Refused (400) for a malformed field, a changed account or a department "
                + "that does not exist, (409) when the e-mail is taken, and 404 when there is no such member.";
        });
    }

    public override async Task HandleAsync(UpdateMemberRequest request, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(request.Id, cancellationToken);
        if (current is null)
        {
            await Send.ResultAsync(Problems.NotFound("member", request.Id));
            return;
        }
        if (request.Account is not null && !string.Equals(request.Account, current.Account, StringComparison.Ordinal))
        {
            await Send.ResultAsync(Problems.Invalid("account", $"The account '{current.Account}' cannot change once set: leave it out or "
                + "send it unchanged (create a new member for a new account)."));
            return;
        }
        if (request.DepartmentIds is not null
            && await MemberRules.CheckDepartmentsExistAsync(request.DepartmentIds, departments, cancellationToken) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }

        var fields = new MemberFields(
            request.Name?.Trim() ?? current.Name,
            request.Email?.Trim() ?? current.Email,
            request.Mobile is null ? current.Mobile : SqlText.Clean(request.Mobile),
            request.Position is null ? current.Position : SqlText.Clean(request.Position),
            request.Role ?? current.Role,
            request.DepartmentIds ?? current.DepartmentIds);
        try
        {
            var member = await store.UpdateAsync(request.Id, fields, request.Password, cancellationToken);
            if (member is null)
                await Send.ResultAsync(Problems.NotFound("member", request.Id));
            else
                await Send.OkAsync(MemberResponse.Of(member), cancellationToken);
        }
        catch (MemberConflictException conflict)
        {
            await Send.ResultAsync(Problems.Conflict(conflict.Field, conflict.Message));
        }
    }
}
