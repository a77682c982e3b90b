using Npgsql;

namespace MailHub.Routing.Presence;

/// <summary>
/// The load half of <see cref="AgentGrain"/>: the agent's status and capacity, and the open conversations they hold,
/// read from the database when first needed (so after the grain moves to another node, or was collected, the count is
/// what committed) and kept in memory after that: a place is reserved before the change that uses it commits and
/// released once a close, move or rollback committed.
/// <para>
/// The database stays the truth. A release that never came (the node making the change died between its commit and
/// the release) would leave a place taken; so before refusing for want of room the count is read again (at most once
/// a second), keeping the places reserved in the last minute that have not committed yet.
/// </para>
/// </summary>
internal sealed class AgentLoad(Guid agentId, NpgsqlDataSource dataSource, TimeProvider time)
{
    // A change holds its reservation for one short transaction; one older than this that never committed is gone.
    private static readonly TimeSpan Uncommitted = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RereadAfter = TimeSpan.FromSeconds(1);

    // Conversation → when it was reserved here, null once seen committed.
    private readonly Dictionary<Guid, DateTimeOffset?> _held = [];
    private Task? _read;
    private DateTimeOffset _readAt;
    private bool _online;
    private int _capacity;
    private DateTimeOffset? _lastGivenAt;
    private int _presenceWrites;

    public async Task<bool> TryReserveAsync(Guid conversationId)
    {
        await ReadOnceAsync();
        if (_held.ContainsKey(conversationId))
            return true;
        if (_online && _held.Count >= _capacity && time.GetUtcNow() - _readAt >= RereadAfter)
            await ReadAsync();
        // No await between the check and the reservation: interleaved calls cannot both take the last place.
        if (_held.ContainsKey(conversationId))
            return true;
        if (!_online || _held.Count >= _capacity)
            return false;
        Take(conversationId);
        return true;
    }

    public async Task HoldAsync(Guid conversationId)
    {
        await ReadOnceAsync();
        if (!_held.ContainsKey(conversationId))
            Take(conversationId);
    }

    public async Task ReleaseAsync(Guid conversationId)
    {
        await ReadOnceAsync();
        _held.Remove(conversationId);
    }

    public async Task<AgentLoadView> ViewAsync()
    {
        await ReadOnceAsync();
        return new AgentLoadView(_online, _capacity, _held.Count, _lastGivenAt);
    }

    /// <summary>The agent's grain wrote a new status or capacity.</summary>
    public void PresenceSet(string status, int capacity)
    {
        _presenceWrites++;
        Apply(status, capacity);
    }

    private void Apply(string status, int capacity)
    {
        _online = status == PresenceStore.Online;
        _capacity = capacity;
    }

    private void Take(Guid conversationId)
    {
        var now = time.GetUtcNow();
        _held[conversationId] = now;
        _lastGivenAt = now;
    }

    private Task ReadOnceAsync()
    {
        if (_read is { IsFaulted: true } or { IsCanceled: true })
            _read = null; // the database was unreachable: try again on the next call
        return _read ??= ReadAsync();
    }

    private async Task ReadAsync()
    {
        var presenceWrites = _presenceWrites;
        await using var command = dataSource.CreateCommand("""
            SELECT a.status, a.capacity,
                   array(SELECT x.conversation_id FROM routing.assignments x WHERE x.agent_id = $1 AND x.state = 'open'),
                   (SELECT max(x.assigned_at) FROM routing.assignments x WHERE x.agent_id = $1 AND x.state = 'open')
            FROM (SELECT $1::uuid AS agent_id) me LEFT JOIN routing.agents a ON a.agent_id = me.agent_id
            """);
        command.Parameters.Add(new() { Value = agentId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var status = reader.IsDBNull(0) ? PresenceStore.Offline : reader.GetString(0);
        var capacity = reader.IsDBNull(1) ? 0 : reader.GetInt32(1);
        var open = reader.GetFieldValue<Guid[]>(2);
        var lastGivenAt = reader.IsDBNull(3) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(3);

        // Applied with no await in between, against what interleaved calls did while the statement ran.
        var now = time.GetUtcNow();
        var pending = _held.Where(h => h.Value is { } at && now - at < Uncommitted && !open.Contains(h.Key)).ToList();
        _held.Clear();
        foreach (var conversationId in open)
            _held[conversationId] = null;
        foreach (var (conversationId, at) in pending)
            _held[conversationId] = at;
        if (presenceWrites == _presenceWrites)
            Apply(status, capacity); // else the grain set a newer one while the statement ran
        if (lastGivenAt > _lastGivenAt || _lastGivenAt is null)
            _lastGivenAt = lastGivenAt;
        _readAt = now;
    }
}
