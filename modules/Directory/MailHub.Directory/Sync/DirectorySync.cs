using MailHub.Core.Accounts;
using MailHub.People.Bulk;
using Npgsql;

namespace MailHub.People.Sync;

/// <summary>A push that cannot be applied as a whole: nothing was written. <see cref="Field"/> names the request field.</summary>
internal sealed class SyncRefusedException(string field, string message, bool conflict = false) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>True when the push is well formed but clashes with the directory (409), false for a push that contradicts itself (400).</summary>
    public bool Conflict { get; } = conflict;
}

/// <summary>
/// Applies a source's push to the directory in one transaction, keyed by the source's own ids: what exists is compared field by
/// field and written only when it differs (so the same push twice changes nothing), what is new is created, and a full push
/// deactivates the source's members and departments it leaves out (never deletes them: their conversations stay theirs).
/// A member already in the directory by hand or by import, with the same account and no source, is taken over by the source.
/// </summary>
internal sealed class DirectorySync(NpgsqlDataSource dataSource)
{
    public async Task<SyncReport> PushAsync(string source, SyncDirectoryRequest push, CancellationToken cancellationToken)
    {
        var full = push.Mode == SyncModes.Full;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DirectoryWriter.LockAsync(transaction, cancellationToken);
        var directory = await DirectorySnapshot.ReadAsync(connection, transaction, cancellationToken);
        var changes = new List<SyncChange>();

        // Departments: the source's ids to ours, for those we have and those this push creates.
        var known = directory.Departments.Where(d => d.Source == source).ToDictionary(d => d.ExternalId!);
        var pushed = push.Departments ?? [];
        var ids = known.ToDictionary(k => k.Key, k => k.Value.Id);
        foreach (var department in pushed)
            ids.TryAdd(department.Id, Guid.CreateVersion7());
        Guid? ParentOf(SyncDepartment department, int index) => department.ParentId switch
        {
            null or "" => null,
            var parent when ids.TryGetValue(parent, out var id) => id,
            var parent => throw new SyncRefusedException($"departments[{index}].parentId",
                $"No department '{parent}' in this push or an earlier one from {source}: send the parent too."),
        };
        var createdDepartments = new List<DepartmentState>();
        var updatedDepartments = new List<DepartmentState>();
        var departmentCounts = new int[4]; // created, updated, deactivated, unchanged
        for (var i = 0; i < pushed.Count; i++)
        {
            var department = pushed[i];
            var wanted = new DepartmentState(ids[department.Id], department.Name.Trim(), ParentOf(department, i), department.Active ?? true, source, department.Id);
            var change = Compare(known.GetValueOrDefault(department.Id), wanted, d => d.Active,
                (a, b) => a.Name == b.Name && a.ParentId == b.ParentId && a.Active == b.Active);
            Count(departmentCounts, change, createdDepartments, updatedDepartments, wanted);
            if (change is not null)
                changes.Add(new SyncChange("department", department.Id, wanted.Name, change));
        }
        if (full)
        {
            var listed = pushed.Select(d => d.Id).ToHashSet();
            foreach (var gone in known.Values.Where(d => d.Active && !listed.Contains(d.ExternalId!)))
            {
                updatedDepartments.Add(gone with { Active = false });
                departmentCounts[2]++;
                changes.Add(new SyncChange("department", gone.ExternalId!, gone.Name, "deactivated"));
            }
        }
        CheckTree(pushed, known);

        // Members.
        var members = directory.Members.Where(m => m.Source == source).ToDictionary(m => m.ExternalId!);
        var pushedMembers = push.Members ?? [];
        var taken = await AccountBatch.FindByEmailsAsync(connection, transaction, pushedMembers.Select(m => m.Email.Trim()), cancellationToken);
        var createdMembers = new List<MemberState>();
        var updatedMembers = new List<MemberState>();
        var before = new List<MemberState>();
        var memberCounts = new int[4];
        for (var i = 0; i < pushedMembers.Count; i++)
        {
            var member = pushedMembers[i];
            var existing = members.GetValueOrDefault(member.Id);
            if (existing is null && directory.MemberByAccount(member.Account) is { } byAccount)
            {
                if (byAccount.Source is not null && byAccount.Source != source)
                    throw new SyncRefusedException($"members[{i}].account", $"The account '{member.Account}' belongs to a member synced from {byAccount.Source}.", conflict: true);
                if (byAccount.Source is null)
                    existing = byAccount; // taken over: made by hand or imported before the source pushed
                else
                    throw new SyncRefusedException($"members[{i}].account",
                        $"The account '{member.Account}' belongs to member '{byAccount.ExternalId}' of {source}: one account per member.", conflict: true);
            }
            var email = member.Email.Trim();
            if ((directory.MemberByEmail(email) is { } owner && owner.Id != existing?.Id && !LeavesEmail(owner, pushedMembers))
                || (taken.TryGetValue(email.ToLowerInvariant(), out var accountId) && directory.MemberByEmail(email) is null && accountId != existing?.Id))
                throw new SyncRefusedException($"members[{i}].email", $"Someone else already logs in with '{email}'.", conflict: true);
            var departmentIds = member.DepartmentIds.Distinct().Select((d, j) => ids.TryGetValue(d, out var id) ? id
                : throw new SyncRefusedException($"members[{i}].departmentIds[{j}]", $"No department '{d}' in this push or an earlier one from {source}.")).ToList();
            var wanted = new MemberState(existing?.Id ?? Guid.CreateVersion7(), existing?.Account ?? member.Account, member.Name.Trim(), email,
                Clean(member.Mobile), Clean(member.Position), existing?.Role ?? Roles.Agent, member.Active ?? true, departmentIds, source, member.Id);
            if (existing is not null && !string.Equals(existing.Account, member.Account, StringComparison.Ordinal))
                wanted = wanted with { Account = member.Account }; // the source renamed the account
            var change = Compare(existing, wanted, m => m.Active, (a, b) => a.Account == b.Account && a.Name == b.Name && a.Email == b.Email
                && a.Mobile == b.Mobile && a.Position == b.Position && a.Active == b.Active && a.Source == b.Source && a.ExternalId == b.ExternalId
                && a.DepartmentIds.SequenceEqual(b.DepartmentIds));
            Count(memberCounts, change, createdMembers, updatedMembers, wanted);
            if (change is not null && change != "created")
                before.Add(existing!);
            if (change is not null)
                changes.Add(new SyncChange("member", member.Id, wanted.Name, change));
        }
        if (full)
        {
            var listed = pushedMembers.Select(m => m.Id).ToHashSet();
            foreach (var gone in members.Values.Where(m => m.Active && !listed.Contains(m.ExternalId!)))
            {
                updatedMembers.Add(gone with { Active = false });
                before.Add(gone);
                memberCounts[2]++;
                changes.Add(new SyncChange("member", gone.ExternalId!, gone.Name, "deactivated"));
            }
        }

        await DirectoryWriter.CreateDepartmentsAsync(transaction, createdDepartments, cancellationToken);
        await DirectoryWriter.UpdateDepartmentsAsync(transaction, updatedDepartments, cancellationToken);
        // Updates before creations: a new member may take the e-mail an updated one gave up.
        await DirectoryWriter.UpdateMembersAsync(transaction, updatedMembers, before, cancellationToken);
        await DirectoryWriter.CreateMembersAsync(transaction, createdMembers, cancellationToken);
        var report = new SyncReport(push.Mode, memberCounts[0], memberCounts[1], memberCounts[2], memberCounts[3],
            new SyncCounts(departmentCounts[0], departmentCounts[1], departmentCounts[2], departmentCounts[3]), changes);
        await SyncSourceStore.RecordRunAsync(transaction, source, report, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    /// <summary>"created", "updated", "deactivated", "reactivated" counts as updated; null when nothing differs.</summary>
    private static string? Compare<T>(T? existing, T wanted, Func<T, bool> active, Func<T, T, bool> same) where T : class =>
        existing is null ? "created"
        : same(existing, wanted) ? null
        : active(existing) && !active(wanted) ? "deactivated"
        : "updated";

    private static void Count<T>(int[] counts, string? change, List<T> created, List<T> updated, T wanted)
    {
        switch (change)
        {
            case null: counts[3]++; break;
            case "created": counts[0]++; created.Add(wanted); break;
            case "deactivated": counts[2]++; updated.Add(wanted); break;
            default: counts[1]++; updated.Add(wanted); break;
        }
    }

    /// <summary>True when the push gives <paramref name="owner"/> (a member of the same source) another e-mail.</summary>
    private static bool LeavesEmail(MemberState owner, IReadOnlyList<SyncMember> pushed) =>
        owner.Source is not null && pushed.FirstOrDefault(m => m.Id == owner.ExternalId) is { } next
        && !string.Equals(next.Email.Trim(), owner.Email, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses a push whose parents go round in a circle (a department cannot be below itself).</summary>
    private static void CheckTree(IReadOnlyList<SyncDepartment> pushed, Dictionary<string, DepartmentState> known)
    {
        var externalIds = known.Values.ToDictionary(d => d.Id, d => d.ExternalId!);
        var parents = known.Values.ToDictionary(d => d.ExternalId!, d => d.ParentId is { } p ? externalIds.GetValueOrDefault(p) : null);
        foreach (var department in pushed)
            parents[department.Id] = string.IsNullOrEmpty(department.ParentId) ? null : department.ParentId;
        for (var i = 0; i < pushed.Count; i++)
        {
            var seen = new HashSet<string>();
            for (var id = pushed[i].Id; id is not null; id = parents.GetValueOrDefault(id))
            {
                if (!seen.Add(id))
                    throw new SyncRefusedException($"departments[{i}].parentId", $"Department '{pushed[i].Id}' would be below itself: check the parent ids.");
            }
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
