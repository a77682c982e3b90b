using FastEndpoints;

namespace MailHub.People.Departments;

/// <summary>GET /api/directory/departments: every department, flat.</summary>
internal sealed class ListDepartments(DepartmentStore store) : EndpointWithoutRequest<IReadOnlyList<Department>>
{
    public override void Configure()
    {
        Get("/directory/departments");
        Summary(s =>
        {
            s.Summary = "All departments, flat, each with its parentId.";
            s.Description = "Ordered by name; parentId is null for a top-level department. GET /api/directory/departments/tree "
                + "gives the same departments nested.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(cancellationToken), cancellationToken);
}
