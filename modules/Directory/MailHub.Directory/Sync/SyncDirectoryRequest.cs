using FastEndpoints;
using FluentValidation;
using MailHub.People.Members;

namespace MailHub.People.Sync;

/// <summary>A department as the source knows it: its id there, name, and its parent's id there (null at the top).</summary>
internal sealed record SyncDepartment(string Id, string Name, string? ParentId, bool? Active);

/// <summary>
/// A member as the source knows it, keyed by its id there. departmentIds are the source's department ids, the main one first.
/// active=false deactivates (in a delta; a full sync deactivates whoever it leaves out).
/// </summary>
internal sealed record SyncMember(
    string Id, string Account, string Name, string Email, string? Mobile, string? Position, IReadOnlyList<string> DepartmentIds, bool? Active);

/// <summary>
/// A push from a source: mode full (the whole tree and every member: whoever is missing is deactivated) or delta (only what
/// changed; nothing is deactivated unless it says active=false).
/// </summary>
internal sealed record SyncDirectoryRequest(
    [property: RouteParam] string Source, string Mode, IReadOnlyList<SyncDepartment>? Departments, IReadOnlyList<SyncMember>? Members);

internal sealed class SyncDirectoryRequestValidator : Validator<SyncDirectoryRequest>
{
    public const int MaxIdLength = 128;

    public SyncDirectoryRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(r => r.Mode).Must(m => m is SyncModes.Full or SyncModes.Delta).WithMessage("Use mode \"full\" or \"delta\".");
        RuleForEach(r => r.Departments).ChildRules(d =>
        {
            d.RuleFor(x => x.Id).NotEmpty().WithMessage("Give each department its id in the source.")
                .MaximumLength(MaxIdLength).WithMessage($"Keep ids to {MaxIdLength} characters.");
            d.RuleFor(x => x.Name).NotEmpty().WithMessage("Give each department a name.")
                .MaximumLength(100).WithMessage("Keep a department's name to 100 characters.");
        });
        RuleForEach(r => r.Members).ChildRules(m =>
        {
            m.RuleFor(x => x.Id).NotEmpty().WithMessage("Give each member their id in the source.")
                .MaximumLength(MaxIdLength).WithMessage($"Keep ids to {MaxIdLength} characters.");
            m.RuleFor(x => x.Account).MemberAccount();
            m.RuleFor(x => x.Name).MemberName();
            m.RuleFor(x => x.Email).MemberEmail();
            m.RuleFor(x => x.Position).MaximumLength(100).WithMessage("Keep the position to 100 characters.");
            m.RuleFor(x => x.Mobile).MaximumLength(40).WithMessage("Keep the mobile to 40 characters.");
            m.RuleFor(x => x.DepartmentIds).NotEmpty().WithMessage("Put each member in at least one of the source's departments.");
        });
        RuleFor(r => r.Departments).Must(Unique<SyncDepartment>(d => d.Id)).WithMessage("Each department id appears once.");
        RuleFor(r => r.Members).Must(Unique<SyncMember>(m => m.Id)).WithMessage("Each member id appears once.");
        RuleFor(r => r.Members).Must(Unique<SyncMember>(m => m.Account?.ToLowerInvariant())).WithMessage("Each account appears once.");
        RuleFor(r => r.Members).Must(Unique<SyncMember>(m => m.Email?.Trim().ToLowerInvariant())).WithMessage("Each e-mail appears once.");
    }

    private static Func<IReadOnlyList<T>?, bool> Unique<T>(Func<T, string?> key) =>
        list => list is null || list.Select(key).Where(k => k is not null).GroupBy(k => k).All(g => g.Count() == 1);
}

internal static class SyncModes
{
    public const string Full = "full";
    public const string Delta = "delta";
}
