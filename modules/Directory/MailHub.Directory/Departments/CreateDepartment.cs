using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Departments;

/// <summary>A new department: its name, and its parent (null for a top-level department).</summary>
internal sealed record CreateDepartmentRequest(string Name, Guid? ParentId);

internal sealed class CreateDepartmentRequestValidator : Validator<CreateDepartmentRequest>
{
    public CreateDepartmentRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(r => r.Name).DepartmentName();
    }
}

/// <summary>POST /api/directory/departments (admins).</summary>
internal sealed class CreateDepartment(DepartmentStore store) : Endpoint<CreateDepartmentRequest, Department>
{
    public override void Configure()
    {
        Post("/directory/departments");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<Department>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Create a department (admins).";
            s.Description = "Answers 201 with the department and its Location. Refused (400) without a name, with a name over "
                + $"{DepartmentRules.MaxNameLength} characters, or with a parentId that is not a department.";
        });
    }

    public override async Task HandleAsync(CreateDepartmentRequest request, CancellationToken cancellationToken)
    {
        if (await DepartmentRules.CheckParentAsync(request.ParentId, null, store, cancellationToken) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var department = await store.CreateAsync(request.Name.Trim(), request.ParentId, cancellationToken);
        await Send.ResultAsync(TypedResults.Created($"/api/directory/departments/{department.Id}", department));
    }
}
