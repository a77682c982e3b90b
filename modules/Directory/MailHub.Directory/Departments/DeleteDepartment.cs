using FastEndpoints;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Departments;

internal sealed record DeleteDepartmentRequest([property: RouteParam] Guid Id);

/// <summary>DELETE /api/directory/departments/{id} (admins): only an empty department goes.</summary>
internal sealed class DeleteDepartment(DepartmentStore store) : Endpoint<DeleteDepartmentRequest>
{
    public override void Configure()
    {
        Delete("/directory/departments/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Delete an empty department (admins).";
            s.Description = "Answers 204. Refused (409) while the department has sub-departments or members: move them first; "
                + "404 when there is no such department.";
        });
    }

    public override async Task HandleAsync(DeleteDepartmentRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is null)
            await Send.ResultAsync(Problems.NotFound("department", request.Id));
        else if (await store.DeleteIfEmptyAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Problems.Conflict("id", "The department still has sub-departments or members: move them to another department first."));
    }
}
