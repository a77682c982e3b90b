using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Http;
using MailHub.People.Members;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.People.Departments;

internal static class DepartmentEndpoints
{
    public sealed record DepartmentRequest(string? Name, Guid? ParentId);

    public sealed record DepartmentNode(Guid Id, string Name, Guid? ParentId, IReadOnlyList<DepartmentNode> Children);

    private const int MaxNameLength = 100;

    public static void MapDepartments(this IEndpointRouteBuilder directory)
    {
        var departments = directory.MapGroup("/departments");

        departments.MapGet("", (DepartmentStore store, CancellationToken cancellationToken) => store.ListAsync(cancellationToken))
            .WithSummary("All departments, flat, each with its parentId.");

        departments.MapGet("/tree", async (DepartmentStore store, CancellationToken cancellationToken) =>
            TreeOf(await store.ListAsync(cancellationToken)))
            .WithSummary("The departments as a tree: roots with their children.");

        departments.MapGet("/{id:guid}", async (Guid id, DepartmentStore store, MemberStore members, CancellationToken cancellationToken) =>
        {
            var department = await store.FindAsync(id, cancellationToken);
            if (department is null)
                return Problems.NotFound("department", id);
            var inside = await members.ListAsync(id, null, cancellationToken);
            return Results.Ok(new { department.Id, department.Name, department.ParentId, members = inside.Select(MemberEndpoints.View) });
        })
        .WithSummary("A department and its members.");

        departments.MapPost("", async (DepartmentRequest request, DepartmentStore store, CancellationToken cancellationToken) =>
        {
            var invalid = await ValidateAsync(request, null, store, cancellationToken);
            if (invalid is not null)
                return invalid;
            var department = await store.CreateAsync(request.Name!.Trim(), request.ParentId, cancellationToken);
            return Results.Created($"/api/directory/departments/{department.Id}", department);
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Create a department (admins).");

        departments.MapPut("/{id:guid}", async (Guid id, DepartmentRequest request, DepartmentStore store, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is null)
                return Problems.NotFound("department", id);
            var invalid = await ValidateAsync(request, id, store, cancellationToken);
            if (invalid is not null)
                return invalid;
            var department = new Department(id, request.Name!.Trim(), request.ParentId);
            await store.UpdateAsync(department, cancellationToken);
            return Results.Ok(department);
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Rename a department or move it under another parent (admins).");

        departments.MapDelete("/{id:guid}", async (Guid id, DepartmentStore store, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is null)
                return Problems.NotFound("department", id);
            return await store.DeleteIfEmptyAsync(id, cancellationToken)
                ? Results.NoContent()
                : Problems.Conflict("id", "The department still has sub-departments or members: move them to another department first.");
        })
        .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
        .WithSummary("Delete an empty department (admins).");
    }

    private static async Task<IResult?> ValidateAsync(DepartmentRequest request, Guid? id, DepartmentStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = SqlText.Clean(request.Name);
        if (name is null)
            errors.Add("name", "Give the department a name, e.g. \"售后\".");
        else if (name.Length > MaxNameLength)
            errors.Add("name", $"Keep the name to {MaxNameLength} characters.");
        if (request.ParentId is { } parentId)
        {
            if (await store.FindAsync(parentId, cancellationToken) is null)
                errors.Add("parentId", $"There is no department {parentId}: leave parentId null for a top-level department.");
            else if (id is { } self && await store.IsWithinAsync(parentId, self, cancellationToken))
                errors.Add("parentId", "A department cannot move under itself or one of its sub-departments.");
        }
        return errors.Any ? errors.ToResult() : null;
    }

    private static List<DepartmentNode> TreeOf(IReadOnlyList<Department> departments)
    {
        var children = departments.ToLookup(d => d.ParentId);
        var known = departments.Select(d => d.Id).ToHashSet();
        List<DepartmentNode> Build(Guid? parent) =>
            children[parent].Select(d => new DepartmentNode(d.Id, d.Name, d.ParentId, Build(d.Id))).ToList();
        // Roots: no parent (a parent that vanished mid-read also makes a root rather than losing the branch).
        return departments.Where(d => d.ParentId is null || !known.Contains(d.ParentId.Value))
            .Select(d => new DepartmentNode(d.Id, d.Name, d.ParentId, Build(d.Id))).ToList();
    }
}
