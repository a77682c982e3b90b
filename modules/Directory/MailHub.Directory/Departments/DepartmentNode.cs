namespace MailHub.People.Departments;

/// <summary>A department of the tree with the departments directly under it.</summary>
internal sealed record DepartmentNode(Guid Id, string Name, Guid? ParentId, IReadOnlyList<DepartmentNode> Children)
{
    /// <summary>The roots of <paramref name="departments"/>, each with its branch.</summary>
    public static IReadOnlyList<DepartmentNode> TreeOf(IReadOnlyList<Department> departments)
    {
        var children = departments.ToLookup(d => d.ParentId);
        var known = departments.Select(d => d.Id).ToHashSet();
        DepartmentNode Node(Department department) =>
            new(department.Id, department.Name, department.ParentId, children[department.Id].Select(Node).ToList());
        // Roots: no parent (a parent that vanished mid-read also makes a root rather than losing the branch).
        return departments.Where(d => d.ParentId is null || !known.Contains(d.ParentId.Value)).Select(Node).ToList();
    }
}
