namespace MailHub.People.Sync;

/// <summary>What a push changed, one entry per member or department that changed (none for those left as they were).</summary>
internal sealed record SyncChange(string Kind, string Id, string Name, string Change);

/// <summary>
/// The report of a push. created, updated, deactivated and unchanged count members; departments has the same counts for
/// departments; changes lists what changed. A push that repeats the last changes nothing and reports everything unchanged.
/// </summary>
internal sealed record SyncReport(
    string Mode, int Created, int Updated, int Deactivated, int Unchanged, SyncCounts Departments, IReadOnlyList<SyncChange> Changes);

internal sealed record SyncCounts(int Created, int Updated, int Deactivated, int Unchanged);
