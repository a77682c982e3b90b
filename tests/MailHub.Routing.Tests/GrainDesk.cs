using MailHub.Routing.Contracts;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Routing.Tests;

/// <summary>
/// A help desk on a <see cref="GrainCluster"/>: teams (directory departments) and their agents written to the directory's
/// tables, agents' presence set through their grains, a rule sending one mailbox's conversations to a team; conversations
/// arrive through their grains as Routing's subscription would bring them.
/// </summary>
internal sealed class GrainDesk(GrainCluster cluster)
{
    public Guid MailboxId { get; } = Guid.NewGuid();

    /// <summary>A team of new agents, each online with <paramref name="capacity"/>; the shared ones join it too.</summary>
    public async Task<(Guid Team, List<Guid> Agents)> AddTeamAsync(int agents, int capacity, params Guid[] shared)
    {
        var team = Guid.NewGuid();
        await ExecuteAsync("INSERT INTO directory.departments (id, name) VALUES ($1, $2)", team, "team " + team.ToString("N")[..8]);
        var members = new List<Guid>();
        for (var i = 0; i < agents; i++)
            members.Add(await AddAgentAsync(capacity, team));
        foreach (var agent in shared)
            await ExecuteAsync("INSERT INTO directory.member_departments (member_id, department_id, ordinal) VALUES ($1, $2, 1)", agent, team);
        return (team, members);
    }

    /// <summary>An agent in the given teams, online with <paramref name="capacity"/>.</summary>
    public async Task<Guid> AddAgentAsync(int capacity, params Guid[] teams)
    {
        var agent = Guid.NewGuid();
        var account = "agent" + agent.ToString("N")[..12];
        await ExecuteAsync("INSERT INTO directory.members (id, account, name, email, role) VALUES ($1, $2, $3, $4, 'agent')",
            agent, account, "Agent " + account, account + "@example.cn");
        for (var i = 0; i < teams.Length; i++)
            await ExecuteAsync("INSERT INTO directory.member_departments (member_id, department_id, ordinal) VALUES ($1, $2, $3)", agent, teams[i], i);
        await cluster.GrainsOf(0).GetGrain<IAgentGrain>(agent).SetPresenceAsync(PresenceStore.Online, capacity);
        return agent;
    }

    /// <summary>Conversations of this desk's mailbox go to <paramref name="team"/>.</summary>
    public Task AddRuleAsync(Guid team, string strategy = RoutingStrategy.RoundRobin) =>
        cluster.ServicesOf(0).GetRequiredService<RuleStore>().SaveAsync(new RoutingRule(Guid.NewGuid(), "desk " + MailboxId, 1,
            new RuleConditions(MailboxIds: [MailboxId]), team, null, strategy, true, [], null), CancellationToken.None);

    /// <summary>What Routing's subscription hands the conversation's grain when a conversation of the mailbox opens.</summary>
    public static RouteOnArrival Arrival(Guid mailboxId, int i) =>
        new(mailboxId, $"customer{i}@shop.example", $"Order #{i}", "Where is my parcel?", "en", DateTimeOffset.UtcNow);

    /// <summary>A conversation of this desk's mailbox arrives, routed from <paramref name="silo"/>.</summary>
    public async Task<Guid> ArriveAsync(int silo, int i = 0)
    {
        var id = Guid.CreateVersion7();
        await cluster.GrainsOf(silo).GetGrain<Conversations.Contracts.IConversationGrain>(id).RouteAsync(Arrival(MailboxId, i));
        return id;
    }

    /// <summary>The agent's open conversations, as the database has them.</summary>
    public async Task<long> OpenOfAsync(Guid agent) =>
        await ScalarAsync<long>("SELECT count(*) FROM routing.assignments WHERE agent_id = $1 AND state = 'open'", agent);

    /// <summary>The agent's load as their grain counts it.</summary>
    public async Task<int> LoadOfAsync(Guid agent, int silo = 0) =>
        (await cluster.GrainsOf(silo).GetGrain<IAgentLoadGrain>(agent).GetLoadAsync()).Open;

    public async Task<Guid?> AgentOfAsync(Guid conversation) =>
        await ScalarAsync<object>("SELECT agent_id FROM routing.assignments WHERE conversation_id = $1", conversation) as Guid?;

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = cluster.Database.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = cluster.Database.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
