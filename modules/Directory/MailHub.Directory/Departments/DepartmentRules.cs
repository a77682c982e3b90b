using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Departments;

/// <summary>What makes a department valid, the same on create and edit, with messages that say how to fix it.</summary>
internal static class DepartmentRules
{
    public const int MaxNameLength = 100;

    public static IRuleBuilderOptions<T, string> DepartmentName<T>(this IRuleBuilder<T, string> name) => name
        .NotEmpty().WithMessage("Give the department a name, e.g. \"售后\".")
        .MaximumLength(MaxNameLength).WithMessage($"Keep the name to {MaxNameLength} characters.");

    /// <summary>
    /// The refusal of a parent that does not exist, or (when moving department <paramref name="self"/>) one that lies
    /// inside it, which would cut a branch off the tree; null when the parent is fine.
    /// </summary>
    public static async Task<IResult?> CheckParentAsync(Guid? parentId, Guid? self, DepartmentStore store, CancellationToken cancellationToken)
    {
        if (parentId is not { } parent)
            return null;
        if (await store.FindAsync(parent, cancellationToken) is null)
            return Problems.Invalid("parentId", $"There is no department {parent}: leave parentId null for a top-level department.");
        if (self is { } id && await store.IsWithinAsync(parent, id, cancellationToken))
            return Problems.Invalid("parentId", "A department cannot move under itself or one of its sub-departments.");
        return null;
    }
}
