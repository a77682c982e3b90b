namespace MailHub.Core.Audit;

/// <summary>One line of the audit log as it is read back (<c>GET /api/audit</c>).</summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset At, Guid? ActorId, string? ActorEmail, string Action, string? Method, string? Route, string? TargetId,
    int Status, string? Ip);

/// <summary>
/// Which lines to read: each filter is optional; <see cref="Before"/> is the keyset cursor (the id of the last line of
/// the previous page), so pages stay stable while new lines are written.
/// </summary>
public sealed record AuditFilter(
    Guid? ActorId, string? ActorEmail, string? Action, string? TargetId, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);
