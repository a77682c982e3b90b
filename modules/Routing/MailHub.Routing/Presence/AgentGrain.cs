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
/// and capacity are rows of <c>routing.agents</c> (what routing picks from), written only here once the grain runs;
/// so is what it knows of the consoles (<see cref="AgentConsoles"/>: open, or closed since when), from which a new
/// activation goes on with the offline grace or waits for the consoles' renewals.
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
    private IGrainTimer? _replying;
    private string? _name;
    private AgentConsoles _recorded = AgentConsoles.None;
    // Activated while the row says consoles are open: they are renewed within a lapse, or went with a dead node.
    private bool _awaitingRenewals;

    private const int MaxRecent = 100;
    private static readonly TimeSpan ViewersTimeout = TimeSpan.FromSeconds(2);

    private Guid AgentId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recorded = await store.ConsolesAsync(AgentId, cancellationToken);
        if (_recorded.ClosedAt is { } closedAt)
            await ResumeGraceAsync(closedAt);
        else if (_recorded.Open)
        {
            _awaitingRenewals = true;
            StartLapseTimer();
        }
    }

    public Task PingAsync() => Task.CompletedTask; // activating is the point: OnActivateAsync goes on from the row

    public async Task ConnectAsync(string connectionId, ILiveNodeObserver node)
    {
        _consoles[connectionId] = new Console(node, time.GetUtcNow());
        Connected();
        await OpenedAsync(signingIn: true);
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
            await OpenedAsync(signingIn: false);
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
            if (activity == ConversationActivity.Replying)
            {
                console.ReplyingUntil = time.GetUtcNow() + routing.CurrentValue.ReplyingFor;
                StartReplyingTimer();
            }
        }
        await PublishChangesAsync(before);
    }

    // While a console is replying, checks a few times per ReplyingFor whether it stopped saying so.
    private void StartReplyingTimer()
    {
        var period = routing.CurrentValue.ReplyingFor / 3;
        _replying ??= this.RegisterGrainTimer(ExpireReplyingAsync,
            new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    /// <summary>A console that stopped repeating "replying" (the agent left the composer, or its tab sleeps) is viewing again.</summary>
    private async Task ExpireReplyingAsync(CancellationToken cancellationToken)
    {
        var before = Activities();
        var now = time.GetUtcNow();
        foreach (var console in _consoles.Values.Where(c => c.Activity == ConversationActivity.Replying && c.ReplyingUntil <= now))
            console.Activity = ConversationActivity.Viewing;
        if (!_consoles.Values.Any(c => c.Activity == ConversationActivity.Replying))
        {
            _replying?.Dispose();
            _replying = null;
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
        _awaitingRenewals = false;
        StartLapseTimer();
    }

    private void StartLapseTimer()
    {
        var interval = liveOptions.Value.RefreshInterval;
        _lapse ??= this.RegisterGrainTimer(ExpireLapsedAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    /// <summary>
    /// A console is open (again): recorded, and the first console of an agent who had left (none open, no grace
    /// running) signs them in: online, or away if the grace took them offline from away. A console opened within the
    /// grace (a reload) changes nothing, so an agent who chose offline stays offline through a reload.
    /// </summary>
    private async Task OpenedAsync(bool signingIn)
    {
        if (_recorded.Open)
            return;
        var before = _recorded;
        await RecordAsync(new AgentConsoles(true, null, false));
        if (!signingIn || before.ClosedAt is not null)
            return;
        var current = await store.FindAsync(AgentId, CancellationToken.None);
        if (current is null || current.Status == PresenceStore.Offline)
        {
            var status = before.BackAway ? PresenceStore.Away : PresenceStore.Online;
            LogSignedIn(AgentId, status);
            await SetPresenceAsync(status, null);
        }
    }

    private async Task RecordAsync(AgentConsoles consoles)
    {
        await store.SetConsolesAsync(AgentId, consoles, CancellationToken.None);
        _recorded = consoles;
    }

    // The last console closed (at closedAt): offline after the grace, unless one opens meanwhile.
    private async Task ClosedAsync(Dictionary<Guid, ConversationActivity> activitiesBefore, DateTimeOffset? closedAt = null)
    {
        await PublishChangesAsync(activitiesBefore);
        if (_consoles.Count > 0 || _grace is not null)
            return;
        _lapse?.Dispose();
        _lapse = null;
        var at = closedAt ?? time.GetUtcNow();
        await RecordAsync(new AgentConsoles(false, at, false));
        await ResumeGraceAsync(at);
    }

    // The grace counts from when the last console closed, also in an activation that started after that (its node died).
    private async Task ResumeGraceAsync(DateTimeOffset closedAt)
    {
        var left = closedAt + routing.CurrentValue.OfflineGrace - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            await GoOfflineAsync(CancellationToken.None);
            return;
        }
        _grace = this.RegisterGrainTimer(GoOfflineAsync, new GrainTimerCreationOptions(left, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task ExpireLapsedAsync(CancellationToken cancellationToken)
    {
        var before = Activities();
        var now = time.GetUtcNow();
        var cutOff = now - liveOptions.Value.Lapse;
        var lapsed = _consoles.Where(c => c.Value.Renewed < cutOff).Select(c => c.Key).ToList();
        foreach (var connectionId in lapsed)
            _consoles.Remove(connectionId);
        if (lapsed.Count > 0)
            await ClosedAsync(before);
        else if (_awaitingRenewals && _consoles.Count == 0 && _activatedAt < cutOff)
        {
            // No node renewed the consoles the row says were open: they went with the node that died. They were
            // open at most until this activation started, so the grace counts from then.
            _awaitingRenewals = false;
            await ClosedAsync(before, _activatedAt);
        }
        else
            RenewViewers(before);
    }

    private async Task GoOfflineAsync(CancellationToken cancellationToken)
    {
        // Disposing a timer cancels the token of the callback it is running: nothing below uses it.
        _grace?.Dispose();
        _grace = null;
        if (_consoles.Count > 0 || _recorded.ClosedAt is null)
            return;
        try
        {
            var current = await store.FindAsync(AgentId, CancellationToken.None);
            // Recorded before the status changes: if this activation dies in between, the next one still knows.
            var backAway = current?.Status == PresenceStore.Away || (current?.Status == PresenceStore.Offline && _recorded.BackAway);
            if (backAway != _recorded.BackAway)
                await RecordAsync(_recorded with { BackAway = backAway });
            if (current is not null && current.Status != PresenceStore.Offline)
            {
                LogOffline(AgentId, routing.CurrentValue.OfflineGrace);
                await SetPresenceAsync(PresenceStore.Offline, null);
            }
            await RecordAsync(_recorded with { ClosedAt = null });
        }
        catch (Exception e)
        {
            // The database or a queue's grain did not answer: the grace is over all the same, so try again soon.
            LogOfflineFailed(e, AgentId);
            _grace = this.RegisterGrainTimer(GoOfflineAsync,
                new GrainTimerCreationOptions(liveOptions.Value.RefreshInterval, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
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
        // Awaited, so a console asking "who is here" right after its own Viewing sees itself; bounded, so a viewers
        // grain on a dying node does not hold this agent's grain (the next renewal sets it again).
        try
        {
            await Task.WhenAll(changed.Select(c => GrainFactory.GetGrain<IConversationViewersGrain>(c.Key).SetAsync(AgentId, _name, c.Value)))
                .WaitAsync(ViewersTimeout);
        }
        catch (Exception e)
        {
            LogViewersFailed(e, AgentId);
        }
    }

    // Every refresh interval while the agent is on conversations: what a viewers grain activated anew learns again.
    private void RenewViewers(Dictionary<Guid, ConversationActivity> activities)
    {
        if (_name is null)
            return; // nothing was announced yet
        foreach (var (conversationId, activity) in activities)
            GrainFactory.GetGrain<IConversationViewersGrain>(conversationId).SetAsync(AgentId, _name, activity).Ignore();
    }

    [LoggerMessage(LogLevel.Information, "Agent {Agent} had no console open for {Grace}: offline")]
    private partial void LogOffline(Guid agent, TimeSpan grace);

    [LoggerMessage(LogLevel.Warning, "Setting agent {Agent} offline after the grace failed; trying again shortly")]
    private partial void LogOfflineFailed(Exception exception, Guid agent);

    [LoggerMessage(LogLevel.Information, "Agent {Agent} opened a console after leaving: {Status}")]
    private partial void LogSignedIn(Guid agent, string status);

    [LoggerMessage(LogLevel.Warning, "Telling the viewers of a conversation what agent {Agent} does failed; the next renewal tells them")]
    private partial void LogViewersFailed(Exception exception, Guid agent);

    private sealed class Console(ILiveNodeObserver node, DateTimeOffset renewed)
    {
        public ILiveNodeObserver Node { get; } = node;

        public DateTimeOffset Renewed { get; set; } = renewed;

        public Guid? Conversation { get; set; }

        public ConversationActivity Activity { get; set; }

        public DateTimeOffset ReplyingUntil { get; set; }
    }

    private sealed record Recent(DateTimeOffset At, LivePush Push, HashSet<ILiveNodeObserver> SentTo);
}
