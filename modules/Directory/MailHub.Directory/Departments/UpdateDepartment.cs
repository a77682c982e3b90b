using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Departments;

/// <summary>A department's new name and parent (null moves it to the top level).</summary>
internal sealed record UpdateDepartmentRequest([property: RouteParam] Guid Id, string Name, Guid? ParentId);

internal sealed class UpdateDepartmentRequestValidator : Validator<UpdateDepartmentRequest>
{
    public UpdateDepartmentRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(r => r.Name).DepartmentName();
    }
}

/// <summary>PUT /api/directory/departments/{id} (admins).</summary>
internal sealed class UpdateDepartment(DepartmentStore store) : Endpoint<UpdateDepartmentRequest, Department>
{
    public override void Configure()
    {
        Put("/directory/departments/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Rename a department or move it under another parent (admins).";
            s.Description = "Answers the department as it is now. Refused (400) without a name, with a parentId that is not a "
                + "department, or with a parent inside the department itself (a cycle); 404 when there is no such department.";
        });
    }

    public override async Task HandleAsync(UpdateDepartmentRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("department", request.Id));
            return;
        }
        if (await DepartmentRules.CheckParentAsync(request.ParentId, request.Id, store, cancellationToken) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var department = new Department(request.Id, request.Name.Trim(), request.ParentId);
        await store.UpdateAsync(department, cancellationToken);
        await Send.OkAsync(department, cancellationToken);
    }
}
