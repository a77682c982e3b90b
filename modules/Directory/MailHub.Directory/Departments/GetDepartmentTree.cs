using FastEndpoints;

namespace MailHub.People.Departments;

/// <summary>GET /api/directory/departments/tree: the departments nested under their parents.</summary>
internal sealed class GetDepartmentTree(DepartmentStore store) : EndpointWithoutRequest<IReadOnlyList<DepartmentNode>>
{
    public override void Configure()
    {
        Get("/directory/departments/tree");
        Summary(s =>
        {
            s.Summary = "The departments as a tree: roots with their children.";
            s.Description = "Each node has its children (an empty list for a leaf), ordered by name at every level.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(DepartmentNode.TreeOf(await store.ListAsync(cancellationToken)), cancellationToken);
}
