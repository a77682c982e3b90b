using MailHub.Core.Accounts;
using MailHub.People.Departments;
using MailHub.Core.Http;
using MailHub.People.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.People.Members;

internal static class MemberEndpoints
{
    public sealed record MemberRequest(
        string? Account, string? Name, string? Email, string? Mobile, string? Position, string? Role,
        IReadOnlyList<Guid>? DepartmentIds, string? Password);

    /// <summary>What the API shows of a member: never the password.</summary>
    public static object View(Member member) => new
    {
        member.Id,
        member.Account,
        member.Name,
        member.Email,
        member.Mobile,
        member.Position,
        member.Role,
        member.DepartmentIds,
        member.CreatedAt,
    };

    public static void MapMembers(this IEndpointRouteBuilder directory)
    {
        var members = directory.MapGroup("/members");

        members.MapGet("", async (Guid? departmentId, string? q, MemberStore store, CancellationToken cancellationToken) =>
            (await store.ListAsync(departmentId, SqlText.Clean(q), cancellationToken)).Select(View))
            .WithSummary("Members, optionally of one department (departmentId) or matching q on name, e-mail or account.");

        members.MapGet("/{id:guid}", async (Guid id, MemberStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } member ? Results.Ok(View(member)) : Problems.NotFound("member", id))
            .WithSummary("One member.");

        members.MapPost("", CreateAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithSummary("Create a member with a console login (admins). They log in at POST /api/auth/token with their e-mail and password.");

        members.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithSummary("Change a member (admins). The account never changes; a password given here replaces the old one.");
    }

    private static async Task<IResult> CreateAsync(MemberRequest request, MemberStore store, DepartmentStore departments,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        MemberRules.CheckAccount(request.Account, errors);
        MemberRules.CheckName(request.Name, errors);
        MemberRules.CheckEmail(request.Email, errors);
        MemberRules.CheckRole(request.Role, errors);
        MemberRules.CheckPassword(request.Password, required: true, errors);
        await CheckDepartmentsAsync(request.DepartmentIds, departments, errors, cancellationToken);
        if (errors.Any)
            return errors.ToResult();

        var fields = new MemberFields(request.Name!.Trim(), request.Email!.Trim(), SqlText.Clean(request.Mobile), SqlText.Clean(request.Position),
            request.Role ?? Roles.Agent, request.DepartmentIds!);
        try
        {
            var member = await store.CreateAsync(request.Account!, fields, request.Password!, cancellationToken);
            return Results.Created($"/api/directory/members/{member.Id}", View(member));
        }
        catch (MemberConflictException conflict)
        {
            return Problems.Conflict(conflict.Field, conflict.Message);
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, MemberRequest request, MemberStore store, DepartmentStore departments,
        CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(id, cancellationToken);
        if (current is null)
            return Problems.NotFound("member", id);

        var errors = new FieldErrors();
        if (request.Account is not null && !string.Equals(request.Account, current.Account, StringComparison.Ordinal))
        {
            errors.Add("account", $"The account '{current.Account}' cannot change once set: leave it out or send it unchanged " +
                "(create a new member for a new account).");
        }
        if (request.Name is not null)
            MemberRules.CheckName(request.Name, errors);
        if (request.Email is not null)
            MemberRules.CheckEmail(request.Email, errors);
        MemberRules.CheckRole(request.Role, errors);
        MemberRules.CheckPassword(request.Password, required: false, errors);
        if (request.DepartmentIds is not null)
            await CheckDepartmentsAsync(request.DepartmentIds, departments, errors, cancellationToken);
        if (errors.Any)
            return errors.ToResult();

        var fields = new MemberFields(
            request.Name?.Trim() ?? current.Name,
            request.Email?.Trim() ?? current.Email,
            request.Mobile is null ? current.Mobile : SqlText.Clean(request.Mobile),
            request.Position is null ? current.Position : SqlText.Clean(request.Position),
            request.Role ?? current.Role,
            request.DepartmentIds ?? current.DepartmentIds);
        try
        {
            var member = await store.UpdateAsync(id, fields, request.Password, cancellationToken);
            return member is null ? Problems.NotFound("member", id) : Results.Ok(View(member));
        }
        catch (MemberConflictException conflict)
        {
            return Problems.Conflict(conflict.Field, conflict.Message);
        }
    }

    private static async Task CheckDepartmentsAsync(IReadOnlyList<Guid>? departmentIds, DepartmentStore departments, FieldErrors errors,
        CancellationToken cancellationToken)
    {
        MemberRules.CheckDepartments(departmentIds, errors);
        if (departmentIds is not { Count: > 0 })
            return;
        var missing = await departments.MissingAsync(departmentIds, cancellationToken);
        if (missing.Count > 0)
            errors.Add("departmentIds", $"No department {string.Join(", ", missing)}: list the departments at GET /api/directory/departments.");
    }
}
