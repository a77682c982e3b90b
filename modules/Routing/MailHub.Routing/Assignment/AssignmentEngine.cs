using MailHub.Conversations.Contracts;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Routing.Notifications;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Decides who has each conversation: rules on arrival, team queues when no agent is free, manual
/// assignment and transfer, hand-back when an agent goes offline. Any node may run any of these at
/// the same time: see <see cref="AssignmentRows"/> and <see cref="AgentPicker"/> for the locking. Assignments and
/// transfers by hand go through the conversation's grain (Conversations' <see cref="IConversationGrain"/>), which
/// calls back <see cref="ApplyAsync"/> in its turn.
/// </summary>
internal sealed class AssignmentEngine(
    NpgsqlDataSource dataSource,
    IDocumentStore events,
    RuleStore rules,
    AgentPicker picker,
    IMemberDirectory directory,
    IGrainFactory grains,
    AgentNotificationHub notifications,
    IOptionsMonitor<RoutingOptions> options,
    ILogger<AssignmentEngine> logger) : IConversationAssignment
{
    private const int MaxDrainPerCall = 10_000;

    /// <summary>A new conversation: the first matching rule sends it to a team (an agent picked, or its queue) or to an agent.</summary>
    public async Task OnOpenedAsync(ConversationOpened opened, CancellationToken cancellationToken)
    {
        var facts = new ConversationFacts(opened.MailboxId, opened.SenderAddress, opened.Subject, opened.TextSnippet, opened.Language);
        var rule = await rules.FirstMatchAsync(facts, cancellationToken);
        var assigned = await Transactions.RunAsync(dataSource, async transaction =>
        {
            var row = await AssignmentRows.InsertAsync(transaction, opened, rule?.Id, rule?.Strategy ?? RoutingStrategy.RoundRobin, cancellationToken);
            if (row is null)
                return (false, (ConversationAssigned?)null); // seen before: delivery is at least once
            if (rule is null)
                return (true, null); // no rule: unassigned, in no team
            return (true, await GiveAsync(transaction, row, rule.TeamId, rule.AgentId, null, null, AssignmentKind.Rule, rule.Strategy, cancellationToken));
        }, cancellationToken);
        if (assigned is not null)
            logger.LogDebug("Conversation {Conversation} routed by rule {Rule} to team {Team}, agent {Agent}",
                opened.ConversationId, rule?.Name, assigned.TeamName, assigned.AgentName);
    }

    /// <summary>Closing frees a place in the agent's capacity: their teams' queues may move.</summary>
    public async Task OnClosedAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var row = await Transactions.RunAsync(dataSource, async transaction =>
        {
            var row = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
            if (row is null || !row.IsOpen)
                return (false, (AssignmentRow?)null);
            await AssignmentRows.SetStateAsync(transaction, conversationId, AssignmentRow.Closed, cancellationToken);
            return (true, row);
        }, cancellationToken);
        if (row?.AgentId is { } agentId)
            await DrainForAgentAsync(agentId, cancellationToken);
    }

    /// <summary>
    /// A reopened conversation stays with its agent unless they are offline; otherwise the rules
    /// apply again, and with no rule it waits in its team's queue.
    /// </summary>
    public async Task OnReopenedAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var row = await Transactions.RunAsync(dataSource, async transaction =>
        {
            var row = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
            if (row is null || row.IsOpen)
                return (false, (AssignmentRow?)null);
            await AssignmentRows.SetStateAsync(transaction, conversationId, AssignmentRow.Open, cancellationToken);
            if (row.AgentId is { } agentId && await PresenceStore.StatusOfAsync(transaction, agentId, cancellationToken) != PresenceStore.Offline)
                return (true, row);
            var rule = await rules.FirstMatchAsync(row.Facts, cancellationToken);
            if (rule is not null)
                await GiveAsync(transaction, row, rule.TeamId, rule.AgentId, null, null, AssignmentKind.Rule, rule.Strategy, cancellationToken);
            else if (row.AgentId is not null)
                await GiveAsync(transaction, row, row.TeamId, null, null, null, AssignmentKind.Requeue, row.Strategy, cancellationToken);
            return (true, row);
        }, cancellationToken);
        if (row?.TeamId is { } teamId)
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
        var outcome = await grains.GetGrain<IConversationGrain>(conversationId)
            .AssignAsync(new AssignCommand(teamId, agentId, by, byName, note, kind, expectedVersion));
        if (outcome.Status != AssignStatus.Done)
            return outcome;
        if (outcome.PreviousAgentId is { } previous && previous != outcome.Assignment?.AgentId)
            await DrainForAgentAsync(previous, cancellationToken);
        if (outcome.Assignment is { AgentId: null, TeamId: { } queuedIn })
            await DrainAsync(queuedIn, cancellationToken);
        return outcome;
    }

    /// <summary>The change itself, in one transaction; only the conversation's grain calls it (<see cref="AssignAsync"/>).</summary>
    public async Task<AssignOutcome> ApplyAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken)
    {
        AgentNotification? told = null;
        var outcome = await Transactions.RunAsync(dataSource, async transaction =>
        {
            told = null;
            var row = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
            if (row is null)
                return (false, new AssignOutcome(AssignStatus.NotFound, null, null));
            if (!row.IsOpen)
                return (false, new AssignOutcome(AssignStatus.Closed, row.Snapshot(), row.AgentId));
            if (command.ExpectedVersion is { } expected && expected != row.Version)
                return (false, new AssignOutcome(AssignStatus.VersionConflict, row.Snapshot(), row.AgentId));

            var teamId = command.TeamId;
            var strategy = teamId is not null && teamId == row.TeamId && row.Strategy != RoutingStrategy.Manual ? row.Strategy : RoutingStrategy.RoundRobin;
            var assigned = await GiveAsync(transaction, row, teamId, command.AgentId, command.By, command.Note, command.Kind, strategy,
                cancellationToken);
            if (assigned.AgentId is { } receiver && receiver != command.By)
            {
                // Recorded with the change, pushed once it committed (below).
                told = new AgentNotification(Guid.CreateVersion7(), receiver, command.Kind, conversationId, command.By, command.ByName, command.Note,
                    assigned.At);
                await AgentNotificationHub.RecordAsync(transaction, told, cancellationToken);
            }
            var changed = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
            return (true, new AssignOutcome(AssignStatus.Done, changed!.Snapshot(), row.AgentId));
        }, cancellationToken);
        if (told is not null && outcome.Status == AssignStatus.Done)
            notifications.Publish(told);
        return outcome;
    }

    /// <summary>Hands the agent's open conversations back to their teams' queues, then lets the teams' other agents take them.</summary>
    public async Task RequeueOpenOfAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var teams = new HashSet<Guid>();
        foreach (var conversationId in await AssignmentRows.OpenOfAgentAsync(dataSource, agentId, cancellationToken))
        {
            var teamId = await Transactions.RunAsync(dataSource, async transaction =>
            {
                var row = await AssignmentRows.LockAsync(transaction, conversationId, cancellationToken);
                if (row is null || !row.IsOpen || row.AgentId != agentId)
                    return (false, (Guid?)null); // closed or moved meanwhile
                await GiveAsync(transaction, row, row.TeamId, null, agentId, null, AssignmentKind.Requeue, row.Strategy, cancellationToken);
                return (true, row.TeamId);
            }, cancellationToken);
            if (teamId is { } team)
                teams.Add(team);
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

    /// <summary>Assigns the team's queued conversations, oldest first, while an agent is available.</summary>
    public async Task DrainAsync(Guid teamId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxDrainPerCall; i++)
        {
            var assigned = await Transactions.RunAsync(dataSource, async transaction =>
            {
                var row = await AssignmentRows.LockOldestQueuedAsync(transaction, teamId, cancellationToken);
                if (row is null)
                    return (false, (ConversationAssigned?)null);
                var agent = await picker.PickAsync(transaction, teamId, row.Strategy, cancellationToken);
                if (agent is null)
                    return (false, null);
                var teamName = (await directory.FindDepartmentAsync(teamId, cancellationToken))?.Name;
                return (true, await AssignmentRows.MoveAsync(events, transaction, row, teamId, teamName, agent.Id, agent.Name, null, null,
                    AssignmentKind.Rule, row.Strategy, cancellationToken));
            }, cancellationToken);
            if (assigned is null)
                return;
        }
    }

    /// <summary>
    /// Gives the locked row to an agent (in the current team when the agent is in it, else the agent's
    /// first department) or to a team (picking its agent with <paramref name="strategy"/>).
    /// </summary>
    private async Task<ConversationAssigned> GiveAsync(NpgsqlTransaction transaction, AssignmentRow row, Guid? teamId, Guid? agentId,
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
        }
        else if (teamId is { } team && kind != AssignmentKind.Requeue)
        {
            agent = await picker.PickAsync(transaction, team, strategy, cancellationToken);
        }
        var teamName = teamId is { } named ? (await directory.FindDepartmentAsync(named, cancellationToken))?.Name : null;
        return await AssignmentRows.MoveAsync(events, transaction, row, teamId, teamName, agent?.Id ?? agentId, agent?.Name, by, note, kind, strategy,
            cancellationToken);
    }

    public bool RequeueOnOffline => options.CurrentValue.RequeueOnOffline;
}
