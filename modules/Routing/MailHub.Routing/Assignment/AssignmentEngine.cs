using MailHub.Conversations.Contracts;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Routing.Notifications;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using MailHub.Routing.Teams;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Decides who has each conversation: rules on arrival, team queues when no agent is free, manual assignment and
/// transfer, hand-back when an agent goes offline. Every change of one conversation is its grain's turn (Conversations'
/// <see cref="IConversationGrain"/>, which calls back <see cref="ApplyAsync"/> or <see cref="RouteAsync"/>), so automatic
/// moves and agents' commands on it take turns. Inside the turn an agent is picked by the team's queue grain, which
/// reserves a place in the agent's load grain; the turn gives places back once its transaction ended (<see cref="AgentSlots"/>).
/// What a change lets move elsewhere (queues draining) runs after the turn, never inside it: calls go conversation →
/// team queue → agent load, and nothing calls back up that chain.
/// </summary>
internal sealed class AssignmentEngine(
    NpgsqlDataSource dataSource,
    IDocumentStore events,
    RuleStore rules,
    TeamSettingsStore teams,
    AgentPicker picker,
    IMemberDirectory directory,
    IGrainFactory grains,
    AgentNotificationHub notifications,
    IOptionsMonitor<RoutingOptions> options,
    ILogger<AssignmentEngine> logger) : IConversationAssignment, IConversationHandOver
{
    private const int MaxDrainPerCall = 10_000;
    private const int DrainPage = 50;

    /// <summary>
    /// A new conversation: the first matching rule sends it to a team (an agent picked, or its queue) or to an agent, in the
    /// conversation's grain. One no rule matches is only recorded, unassigned, without the grain: no one's assignment
    /// changes, and no command can act on a row that does not exist yet (most of a mailbox's first import is such mail).
    /// </summary>
    /// <remarks>
    /// The rule's tags and priority are set after, by the conversation's grain (Conversations' command, its own turn): a
    /// delivery again sets them again, which changes nothing the second time.
    /// </remarks>
    public async Task OnOpenedAsync(ConversationOpened opened, CancellationToken cancellationToken)
    {
        var arrival = new RouteOnArrival(opened.MailboxId, opened.SenderAddress, opened.Subject, opened.TextSnippet, opened.Language, opened.At);
        if (await rules.FirstMatchAsync(FactsOf(arrival), cancellationToken) is not { } rule)
        {
            await ArriveAsync(opened.ConversationId, arrival, null, cancellationToken);
            return;
        }
        var outcome = await GrainOf(opened.ConversationId).RouteAsync(arrival);
        if (outcome.Status != RoutingStatus.Unchanged)
            logger.LogDebug("Conversation {Conversation} routed to team {Team}, agent {Agent}", opened.ConversationId,
                outcome.Assignment?.TeamId, outcome.Assignment?.AgentId);
        if (rule.Organizes)
            await GrainOf(opened.ConversationId).OrganizeAsync(new RuleOrganizing(rule.Id, rule.Name, rule.Tags, rule.Priority));
    }

    /// <summary>Closing frees a place in the agent's capacity: their teams' queues may move.</summary>
    public async Task OnClosedAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var outcome = await GrainOf(conversationId).RouteAsync(new RouteOnClose());
        if (outcome.PreviousAgentId is { } agentId)
            await DrainForAgentAsync(agentId, cancellationToken);
    }

    /// <summary>
    /// A reopened conversation stays with its agent unless they are offline; otherwise the rules
    /// apply again, and with no rule it waits in its team's queue.
    /// </summary>
    public async Task OnReopenedAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var outcome = await GrainOf(conversationId).RouteAsync(new RouteOnReopen());
        if (outcome.Status != RoutingStatus.Unchanged && outcome.Assignment?.TeamId is { } teamId)
            await DrainAsync(teamId, cancellationToken);
    }

    /// <summary>
    /// Assigns or transfers by hand, to an agent or to a team (whose agent is then picked round-robin,
    /// or it waits in that team's queue). The agent who receives it is notified. The change is the
    /// conversation's grain's turn; the queues it lets move are drained after it, outside that turn.
    /// </summary>
    public async Task<AssignOutcome> AssignAsync(Guid conversationId, Guid? teamId, Guid? agentId, Guid by, string? byName, string? note,
        AssignmentKind kind, long? expectedVersion, CancellationToken cancellationToken)
    {
        var outcome = await GrainOf(conversationId).AssignAsync(new AssignCommand(teamId, agentId, by, byName, note, kind, expectedVersion));
        if (outcome.Status != AssignStatus.Done)
            return outcome;
        if (outcome.PreviousAgentId is { } previous && previous != outcome.Assignment?.AgentId)
            await DrainForAgentAsync(previous, cancellationToken);
        if (outcome.Assignment is { AgentId: null, TeamId: { } queuedIn })
            await DrainAsync(queuedIn, cancellationToken);
        return outcome;
    }

    public Task<AssignOutcome> HandOverAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken) =>
        AssignAsync(conversationId, command.TeamId, command.AgentId, command.By, command.ByName, command.Note, command.Kind,
            command.ExpectedVersion, cancellationToken);

    /// <summary>Hands the agent's open conversations back to their teams' queues, then lets the teams' other agents take them.</summary>
    public async Task RequeueOpenOfAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var teams = new HashSet<Guid>();
        foreach (var conversationId in await AssignmentRows.OpenOfAgentAsync(dataSource, agentId, cancellationToken))
        {
            var outcome = await GrainOf(conversationId).RouteAsync(new HandBack(agentId));
            if (outcome is { Status: RoutingStatus.Moved, Assignment.TeamId: { } teamId })
                teams.Add(teamId);
        }
        foreach (var team in teams)
            await DrainAsync(team, cancellationToken);
    }

    /// <summary>Drains the queues of every team the agent is in (they came online, got room, or gave a conversation away).</summary>
    public async Task DrainForAgentAsync(Guid agentId, CancellationToken cancellationToken)
    {
        foreach (var teamId in await directory.DepartmentsOfAsync(agentId, cancellationToken))
            await DrainAsync(teamId, cancellationToken);
    }

    /// <summary>
    /// Assigns the team's queued conversations, oldest first, each in its grain's turn, until none waits or no agent has
    /// room. One that moved meanwhile (taken by a drain on another node, or by hand) is passed over.
    /// </summary>
    public async Task DrainAsync(Guid teamId, CancellationToken cancellationToken)
    {
        var tries = 0;
        while (tries < MaxDrainPerCall)
        {
            var queued = await AssignmentRows.OldestQueuedAsync(dataSource, teamId, DrainPage, cancellationToken);
            if (queued.Count == 0)
                return;
            foreach (var conversationId in queued)
            {
                tries++;
                var outcome = await GrainOf(conversationId).RouteAsync(new TakeFromQueue(teamId));
                if (outcome.Status == RoutingStatus.NoAgentFree)
                    return;
            }
        }
    }

    /// <summary>An assignment by hand, in one transaction; only the conversation's grain calls it (<see cref="AssignAsync"/>).</summary>
    public Task<AssignOutcome> ApplyAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(conversationId, async (transaction, row, slots, told) =>
        {
            if (row is null)
                return (false, new AssignOutcome(AssignStatus.NotFound, null, null));
            if (!row.IsOpen)
                return (false, new AssignOutcome(AssignStatus.Closed, row.Snapshot(), row.AgentId));
            if (command.ExpectedVersion is { } expected && expected != row.Version)
                return (false, new AssignOutcome(AssignStatus.VersionConflict, row.Snapshot(), row.AgentId));

            var teamId = command.TeamId;
            var strategy = teamId is not null && teamId == row.TeamId && row.Strategy != RoutingStrategy.Manual ? row.Strategy
                : await StrategyOfAsync(null, teamId, cancellationToken);
            var assigned = await GiveAsync(transaction, row, slots, teamId, command.AgentId, command.By, command.Note, command.Kind, strategy,
                cancellationToken);
            await told.RecordAsync(transaction, assigned,
                command.Kind == AssignmentKind.Transfer ? NotificationKind.Transferred : NotificationKind.Assigned, command.By, command.ByName,
                command.Note, cancellationToken);
            var changed = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
            return (true, new AssignOutcome(AssignStatus.Done, changed!.Snapshot(), row.AgentId));
        }, cancellationToken);

    /// <summary>A move routing makes by itself, in one transaction; only the conversation's grain calls it.</summary>
    public Task<RoutingOutcome> RouteAsync(Guid conversationId, RoutingMove move, CancellationToken cancellationToken) => move switch
    {
        RouteOnArrival arrival => ArriveByRuleAsync(conversationId, arrival, cancellationToken),
        RouteOnClose => CloseAsync(conversationId, cancellationToken),
        RouteOnReopen => ReopenAsync(conversationId, cancellationToken),
        HandBack handBack => HandBackAsync(conversationId, handBack.AgentId, cancellationToken),
        TakeFromQueue take => TakeFromQueueAsync(conversationId, take.TeamId, cancellationToken),
        _ => throw new ArgumentException($"Routing has no move {move.GetType().Name}.", nameof(move)),
    };

    private async Task<RoutingOutcome> ArriveByRuleAsync(Guid conversationId, RouteOnArrival arrival, CancellationToken cancellationToken) =>
        await ArriveAsync(conversationId, arrival, await rules.FirstMatchAsync(FactsOf(arrival), cancellationToken), cancellationToken);

    private async Task<RoutingOutcome> ArriveAsync(Guid conversationId, RouteOnArrival arrival, RoutingRule? rule, CancellationToken cancellationToken)
    {
        return await ChangeAsync(conversationId, async (transaction, _, slots, told) =>
        {
            var strategy = await StrategyOfAsync(rule?.Strategy, rule?.TeamId, cancellationToken);
            var row = await AssignmentRows.InsertAsync(transaction, conversationId, arrival, rule?.Id, strategy, cancellationToken);
            if (row is null)
                return (false, Unchanged(null)); // seen before: delivery is at least once
            if (rule is null)
                return (true, new RoutingOutcome(RoutingStatus.Moved, row.Snapshot(), null)); // no rule: unassigned, in no team
            var assigned = await GiveAsync(transaction, row, slots, rule.TeamId, rule.AgentId, null, null, AssignmentKind.Rule, strategy,
                cancellationToken);
            await told.RecordAsync(transaction, assigned, cancellationToken);
            logger.LogDebug("Conversation {Conversation} matched rule {Rule}", conversationId, rule.Name);
            return (true, await MovedAsync(transaction, assigned, null, cancellationToken));
        }, cancellationToken);
    }

    private async Task<RoutingOutcome> CloseAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var outcome = await ChangeAsync(conversationId, async (transaction, row, slots, _) =>
        {
            if (row is null)
                return (false, Unchanged(null));
            if (!row.IsOpen)
                return (false, Unchanged(row)); // delivered again: give the agent's place back again below, in case it was not
            await AssignmentRows.SetStateAsync(transaction, conversationId, AssignmentRow.Closed, cancellationToken);
            slots.GiveTo(null);
            return (true, new RoutingOutcome(RoutingStatus.Moved, row.Snapshot() with { State = AssignmentRow.Closed }, row.AgentId));
        }, cancellationToken);
        if (outcome is { Status: RoutingStatus.Unchanged, Assignment: { State: AssignmentRow.Closed, AgentId: { } agentId } })
        {
            await grains.GetGrain<IAgentLoadGrain>(agentId).ReleaseAsync(conversationId);
            return outcome with { PreviousAgentId = agentId };
        }
        return outcome;
    }

    private Task<RoutingOutcome> ReopenAsync(Guid conversationId, CancellationToken cancellationToken) =>
        ChangeAsync(conversationId, async (transaction, row, slots, told) =>
        {
            if (row is null || row.IsOpen)
                return (false, Unchanged(row));
            await AssignmentRows.SetStateAsync(transaction, conversationId, AssignmentRow.Open, cancellationToken);
            var reopened = row with { State = AssignmentRow.Open };
            if (row.AgentId is { } agentId && await PresenceStore.StatusOfAsync(transaction, agentId, cancellationToken) != PresenceStore.Offline
                && (await directory.FindMemberAsync(agentId, cancellationToken))?.Active != false)
            {
                await slots.HoldAsync(agentId); // it stays theirs, room or not
                slots.GiveTo(agentId);
                return (true, new RoutingOutcome(RoutingStatus.Moved, reopened.Snapshot(), null));
            }
            var rule = await rules.FirstMatchAsync(row.Facts, cancellationToken);
            ConversationAssigned? assigned = null;
            if (rule is not null)
                assigned = await GiveAsync(transaction, reopened, slots, rule.TeamId, rule.AgentId, null, null, AssignmentKind.Rule,
                    await StrategyOfAsync(rule.Strategy, rule.TeamId, cancellationToken), cancellationToken);
            else if (row.AgentId is not null)
                assigned = await GiveAsync(transaction, reopened, slots, row.TeamId, null, null, null, AssignmentKind.Requeue, row.Strategy,
                    cancellationToken);
            if (assigned is null)
                return (true, new RoutingOutcome(RoutingStatus.Moved, reopened.Snapshot(), null));
            await told.RecordAsync(transaction, assigned, cancellationToken);
            return (true, await MovedAsync(transaction, assigned, null, cancellationToken));
        }, cancellationToken);

    private Task<RoutingOutcome> HandBackAsync(Guid conversationId, Guid agentId, CancellationToken cancellationToken) =>
        ChangeAsync(conversationId, async (transaction, row, slots, _) =>
        {
            if (row is null || !row.IsOpen || row.AgentId != agentId)
                return (false, Unchanged(row)); // closed or moved meanwhile
            var assigned = await GiveAsync(transaction, row, slots, row.TeamId, null, agentId, null, AssignmentKind.Requeue, row.Strategy,
                cancellationToken);
            return (true, await MovedAsync(transaction, assigned, agentId, cancellationToken));
        }, cancellationToken);

    private Task<RoutingOutcome> TakeFromQueueAsync(Guid conversationId, Guid teamId, CancellationToken cancellationToken) =>
        ChangeAsync(conversationId, async (transaction, row, slots, told) =>
        {
            if (row is null || !row.IsOpen || row.AgentId is not null || row.TeamId != teamId || row.Strategy == RoutingStrategy.Manual)
                return (false, Unchanged(row)); // no longer waiting there
            var agent = await picker.PickAsync(teamId, conversationId, row.Strategy, cancellationToken);
            if (agent is null)
                return (false, new RoutingOutcome(RoutingStatus.NoAgentFree, row.Snapshot(), null));
            slots.Reserved(agent.Id);
            slots.GiveTo(agent.Id);
            var teamName = (await directory.FindDepartmentAsync(teamId, cancellationToken))?.Name;
            var assigned = await AssignmentRows.MoveAsync(events, transaction, row, teamId, teamName, agent.Id, agent.Name, null, null,
                AssignmentKind.Rule, row.Strategy, cancellationToken);
            await told.RecordAsync(transaction, assigned, cancellationToken);
            return (true, await MovedAsync(transaction, assigned, null, cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// One change of the conversation's assignment: a transaction holding its row's lock (null: routing has no row for
    /// it), committed when <paramref name="decide"/> says so; then the agents' places it no longer needs are given back,
    /// and the notifications it recorded (<see cref="Told"/>) are pushed.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Guid conversationId,
        Func<NpgsqlTransaction, AssignmentRow?, AgentSlots, Told, Task<(bool Commit, T Result)>> decide, CancellationToken cancellationToken)
    {
        var slots = new AgentSlots(grains, conversationId);
        var told = new Told(notifications);
        var committed = false;
        try
        {
            var (commit, result) = await Transactions.RunAsync(dataSource, async transaction =>
            {
                told.Clear(); // a rerun transaction: the loser's rows are gone
                var row = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
                slots.Read(row is { IsOpen: true } ? row.AgentId : null);
                var (commit, result) = await decide(transaction, row, slots, told);
                return (commit, (commit, result));
            }, cancellationToken);
            committed = commit;
            if (committed)
                told.Publish();
            return result;
        }
        finally
        {
            await slots.SettleAsync(committed);
        }
    }

    /// <summary>
    /// The notification of one change: the agent the conversation went to is told (not one who took it themselves),
    /// recorded in the change's transaction and published once it committed. Routing's own moves (a rule, a team's
    /// round-robin, a queue draining) tell the agent as "assigned", from no one.
    /// </summary>
    private sealed class Told(AgentNotificationHub notifications)
    {
        private AgentNotification? _notification;

        public Task RecordAsync(NpgsqlTransaction transaction, ConversationAssigned assigned, CancellationToken cancellationToken) =>
            RecordAsync(transaction, assigned, NotificationKind.Assigned, null, null, null, cancellationToken);

        public async Task RecordAsync(NpgsqlTransaction transaction, ConversationAssigned assigned, NotificationKind kind, Guid? by, string? byName,
            string? note, CancellationToken cancellationToken)
        {
            if (assigned.AgentId is not { } receiver || receiver == by)
                return;
            _notification = new AgentNotification(Guid.CreateVersion7(), receiver, kind, assigned.ConversationId, by, byName, note, assigned.At);
            await notifications.RecordAsync(transaction, _notification, cancellationToken);
        }

        public void Clear() => _notification = null;

        public void Publish()
        {
            if (_notification is not null)
                notifications.Publish(_notification);
        }
    }

    /// <summary>
    /// Gives the locked row to an agent (in the current team when the agent is in it, else the agent's
    /// first department) or to a team (picking its agent with <paramref name="strategy"/>).
    /// </summary>
    private async Task<ConversationAssigned> GiveAsync(NpgsqlTransaction transaction, AssignmentRow row, AgentSlots slots, Guid? teamId, Guid? agentId,
        Guid? by, string? note, AssignmentKind kind, string strategy, CancellationToken cancellationToken)
    {
        MemberRef? agent = null;
        if (agentId is { } id)
        {
            agent = await directory.FindMemberAsync(id, cancellationToken);
            if (teamId is null)
            {
                var teams = await directory.DepartmentsOfAsync(id, cancellationToken);
                teamId = row.TeamId is { } current && teams.Contains(current) ? current : teams.Count > 0 ? teams[0] : null;
            }
            if (agent is { Active: false })
            {
                // A deactivated member is given nothing: a rule naming them (or a hand-over that raced the deactivation)
                // sends the conversation to their team, whose agents are picked from as usual.
                agent = null;
                agentId = null;
            }
            else
                await slots.HoldAsync(id);
        }
        if (agentId is null && teamId is { } team && kind != AssignmentKind.Requeue)
        {
            agent = await picker.PickAsync(team, row.ConversationId, strategy, cancellationToken);
            if (agent is not null)
                slots.Reserved(agent.Id);
        }
        var receiver = agent?.Id ?? agentId;
        slots.GiveTo(receiver);
        var teamName = teamId is { } named ? (await directory.FindDepartmentAsync(named, cancellationToken))?.Name : null;
        return await AssignmentRows.MoveAsync(events, transaction, row, teamId, teamName, receiver, agent?.Name, by, note, kind, strategy,
            cancellationToken);
    }

    private static async Task<RoutingOutcome> MovedAsync(NpgsqlTransaction transaction, ConversationAssigned assigned, Guid? previousAgentId,
        CancellationToken cancellationToken)
    {
        var row = await AssignmentRows.LockAsync(transaction, assigned.ConversationId, cancellationToken);
        return new RoutingOutcome(RoutingStatus.Moved, row!.Snapshot(), previousAgentId);
    }

    /// <summary>The rule's own strategy, else the team's (round-robin for a team with no settings, or no team).</summary>
    private async Task<string> StrategyOfAsync(string? ruleStrategy, Guid? teamId, CancellationToken cancellationToken) =>
        ruleStrategy ?? (teamId is { } team ? await teams.StrategyOfAsync(team, cancellationToken) : RoutingStrategy.RoundRobin);

    private static ConversationFacts FactsOf(RouteOnArrival arrival) =>
        new(arrival.MailboxId, arrival.SenderAddress, arrival.Subject, arrival.TextSnippet, arrival.Language);

    private static RoutingOutcome Unchanged(AssignmentRow? row) => new(RoutingStatus.Unchanged, row?.Snapshot(), null);

    private IConversationGrain GrainOf(Guid conversationId) => grains.GetGrain<IConversationGrain>(conversationId);

    public bool RequeueOnOffline => options.CurrentValue.RequeueOnOffline;
}
