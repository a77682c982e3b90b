using FastEndpoints;
using MailHub.Core.Http;
using MailHub.People.Members;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Departments;

internal sealed record GetDepartmentRequest([property: RouteParam] Guid Id);

/// <summary>GET /api/directory/departments/{id}: a department and its members.</summary>
internal sealed class GetDepartment(DepartmentStore store, MemberStore members) : Endpoint<GetDepartmentRequest, DepartmentDetails>
{
    public override void Configure()
    {
        Get("/directory/departments/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A department and its members.";
            s.Description = "The members who belong to the department itself, ordered by name; 404 when there is no such department.";
        });
    }

    public override async Task HandleAsync(GetDepartmentRequest request, CancellationToken cancellationToken)
    {
        var department = await store.FindAsync(request.Id, cancellationToken);
        if (department is null)
        {
            await Send.ResultAsync(Problems.NotFound("department", request.Id));
            return;
        }
        var inside = await members.ListAsync(department.Id, null, cancellationToken);
        await Send.OkAsync(new DepartmentDetails(department.Id, department.Name, department.ParentId, inside.Select(MemberResponse.Of).ToList()),
            cancellationToken);
    }
}
