using System.Text;
using Marten;
using Npgsql;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// Holds the writers of an inline projection's events back while <see cref="ProjectionRebuild"/> rebuilds it. A
/// session about to append one of its event types first takes the projection's advisory lock shared, in its own
/// transaction, before Marten writes anything (so before an event draws its sequence number); a rebuild holds the
/// lock exclusively. So a rebuild begins once every such append in flight has committed, and none commits until it
/// ends: no change lands on a half-rebuilt table, or between the rebuild's last event and its end.
/// </summary>
internal sealed class RebuildGate(string projection, IEnumerable<Type> eventTypes) : DocumentSessionListenerBase
{
    private readonly HashSet<Type> _eventTypes = [.. eventTypes];

    public long Key { get; } = KeyOf(projection);

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (!session.PendingChanges.Streams().Any(stream => stream.Events.Any(e => _eventTypes.Contains(e.EventType))))
            return;
        // Our writers' sessions are enlisted in their transaction (SessionOptions.ForTransaction); Marten's own
        // sessions start theirs when their connection is first asked for.
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared($1)", session.Connection);
        command.Parameters.Add(new() { Value = Key });
        await command.ExecuteNonQueryAsync(token);
    }

    /// <summary>The advisory lock of <paramref name="projection"/>: "MHPR" and a hash (FNV-1a) of its name, stable across nodes.</summary>
    public static long KeyOf(string projection)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(projection))
            hash = (hash ^ b) * 16777619u;
        return (0x4D485052L << 32) | hash;
    }
}
