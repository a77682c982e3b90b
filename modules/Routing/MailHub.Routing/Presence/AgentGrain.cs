using MailHub.Core.Live;
using MailHub.People.Contracts;
using MailHub.Routing.Assignment;
using MailHub.Routing.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Routing.Presence;

/// <summary>
/// One agent's consoles, presence and activity. The consoles are the activation's own state: after it moves (its node
/// died) the nodes' renewals (<see cref="KeepAsync"/>) bring them back and those consoles are told to re-read. Presence
/// and capacity are rows of <c>routing.agents</c> (what routing picks from), written only here once the grain runs.
/// </summary>
internal sealed partial class AgentGrain(
    PresenceStore store,
    AssignmentEngine engine,
    IMemberDirectory directory,
    LivePublisher live,
    IOptionsMonitor<RoutingOptions> routing,
    IOptions<LiveOptions> liveOptions,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private readonly Dictionary<string, Console> _consoles = [];
    // Pushes of this activation's first lapse, with the nodes they reached: until every node has renewed, a node whose
    // consoles this activation does not know yet would miss them.
    private readonly List<Recent> _recent = [];
    private readonly DateTimeOffset _activatedAt = time.GetUtcNow();
    private IGrainTimer? _lapse;
    private IGrainTimer? _grace;
    private string? _name;

    private const int MaxRecent = 100;

    private Guid AgentId => this.GetPrimaryKey();

    public Task ConnectAsync(string connectionId, ILiveNodeObserver node)
    {
        _consoles[connectionId] = new Console(node, time.GetUtcNow());
        Connected();
        return Task.CompletedTask;
    }

    public async Task DisconnectAsync(string connectionId)
    {
        var before = Activities();
        if (_consoles.Remove(connectionId))
            await ClosedAsync(before);
    }

    public async Task<bool> KeepAsync(ILiveNodeObserver node, string[] connectionIds)
    {
        var before = Activities();
        var now = time.GetUtcNow();
        var knewAll = true;
        foreach (var connectionId in connectionIds)
        {
            if (_consoles.TryGetValue(connectionId, out var console))
                console.Renewed = now;
            else
            {
                _consoles[connectionId] = new Console(node, now);
                knewAll = false;
            }
        }
        // Consoles the node no longer holds closed without their disconnect reaching this grain.
        var closed = _consoles.Where(c => c.Value.Node.Equals(node) && !connectionIds.Contains(c.Key)).Select(c => c.Key).ToList();
        foreach (var connectionId in closed)
            _consoles.Remove(connectionId);
        if (!knewAll)
        {
            Connected();
            // Activated anew (the old activation's node died): pushes made since may not have reached this node. Late beats never.
            var cutOff = now - liveOptions.Value.Lapse;
            foreach (var recent in _recent.Where(r => r.At >= cutOff && r.SentTo.Add(node)))
                _ = node.PushAsync(recent.Push);
        }
        if (closed.Count > 0)
            await ClosedAsync(before);
        return knewAll;
    }

    public async Task SetActivityAsync(string connectionId, Guid conversationId, ConversationActivity activity)
    {
        if (!_consoles.TryGetValue(connectionId, out var console))
            return; // closed meanwhile
        var before = Activities();
        if (activity == ConversationActivity.Left)
        {
            if (console.Conversation == conversationId)
                console.Conversation = null;
        }
        else
        {
            console.Conversation = conversationId;
            console.Activity = activity;
        }
        await PublishChangesAsync(before);
    }

    public Task PushAsync(LivePush push)
    {
        var nodes = _consoles.Values.Select(c => c.Node).ToHashSet();
        foreach (var node in nodes)
            _ = node.PushAsync(push); // one-way
        var now = time.GetUtcNow();
        if (now - _activatedAt < liveOptions.Value.Lapse)
        {
            _recent.Add(new Recent(now, push, nodes));
            if (_recent.Count > MaxRecent)
                _recent.RemoveAt(0);
        }
        return Task.CompletedTask;
    }

    public async Task SetPresenceAsync(string? status, int? capacity)
    {
        var (before, after) = await store.SetAsync(AgentId, status, capacity, CancellationToken.None);
        PresenceWritten(after);
        if (after.Status == PresenceStore.Offline && before != PresenceStore.Offline && engine.RequeueOnOffline)
            await engine.RequeueOpenOfAsync(AgentId, CancellationToken.None);
        else if (after.Status == PresenceStore.Online)
            await engine.DrainForAgentAsync(AgentId, CancellationToken.None);
    }

    private void Connected()
    {
        _grace?.Dispose();
        _grace = null;
        var interval = liveOptions.Value.RefreshInterval;
        _lapse ??= this.RegisterGrainTimer(ExpireLapsedAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    // The last console closed: offline after the grace, unless one opens meanwhile.
    private async Task ClosedAsync(Dictionary<Guid, ConversationActivity> activitiesBefore)
    {
        await PublishChangesAsync(activitiesBefore);
        if (_consoles.Count > 0 || _grace is not null)
            return;
        _lapse?.Dispose();
        _lapse = null;
        _grace = this.RegisterGrainTimer(GoOfflineAsync,
            new GrainTimerCreationOptions(routing.CurrentValue.OfflineGrace, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        var before = Activities();
        var cutOff = time.GetUtcNow() - liveOptions.Value.Lapse;
        var lapsed = _consoles.Where(c => c.Value.Renewed < cutOff).Select(c => c.Key).ToList();
        foreach (var connectionId in lapsed)
            _consoles.Remove(connectionId);
        if (lapsed.Count > 0)
            await ClosedAsync(before);
    }

    private async Task GoOfflineAsync(CancellationToken cancellationToken)
    {
        if (_consoles.Count == 0)
        {
            var current = await store.FindAsync(AgentId, cancellationToken);
            if (current is not null && current.Status != PresenceStore.Offline)
            {
                LogOffline(AgentId, routing.CurrentValue.OfflineGrace);
                await SetPresenceAsync(PresenceStore.Offline, null);
            }
        }
        // Disposed only now: disposing a timer cancels the token of the callback it is running.
        _grace?.Dispose();
        _grace = null;
    }

    /// <summary>What the agent does per conversation, across consoles: replying in one outranks viewing in another.</summary>
    private Dictionary<Guid, ConversationActivity> Activities() =>
        _consoles.Values.Where(c => c.Conversation is not null)
            .GroupBy(c => c.Conversation!.Value)
            .ToDictionary(g => g.Key, g => g.Max(c => c.Activity));

    private async Task PublishChangesAsync(Dictionary<Guid, ConversationActivity> before)
    {
        var after = Activities();
        var changed = after.Where(a => before.GetValueOrDefault(a.Key) != a.Value)
            .Concat(before.Keys.Where(c => !after.ContainsKey(c)).Select(c => KeyValuePair.Create(c, ConversationActivity.Left)))
            .ToList();
        if (changed.Count == 0)
            return;
        _name ??= (await directory.FindMemberAsync(AgentId))?.Name ?? "";
        foreach (var (conversationId, activity) in changed)
            live.Publish(LivePush.Of("activity", new { conversationId, agentId = AgentId, agentName = _name, activity }, conversationId: conversationId));
    }

    [LoggerMessage(LogLevel.Information, "Agent {Agent} had no console open for {Grace}: offline")]
    private partial void LogOffline(Guid agent, TimeSpan grace);

    private sealed class Console(ILiveNodeObserver node, DateTimeOffset renewed)
    {
        public ILiveNodeObserver Node { get; } = node;

        public DateTimeOffset Renewed { get; set; } = renewed;

        public Guid? Conversation { get; set; }

        public ConversationActivity Activity { get; set; }
    }

    private sealed record Recent(DateTimeOffset At, LivePush Push, HashSet<ILiveNodeObserver> SentTo);
}
