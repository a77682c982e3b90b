using Npgsql;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// For reads of an inline projection's tables that decide a write (threading looking up a conversation by its reply
/// token): run <see cref="RebuildGate"/>'s shared lock as the first statement of the read's batch. The read then waits
/// while the projection is rebuilt rather than find its rows missing, and no rebuild starts between the lock and the
/// read (the batch is one implicit transaction; the read's snapshot is taken after the lock). A write decided on what it
/// read waits at the gate if a rebuild began since, and the rebuild gives back the rows it read.
/// </summary>
public static class ProjectionReads
{
    public static NpgsqlBatchCommand AfterRebuild(string projection) =>
        new($"SELECT pg_advisory_xact_lock_shared({RebuildGate.KeyOf(projection)})");
}
