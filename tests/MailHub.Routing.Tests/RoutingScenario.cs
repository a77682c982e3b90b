using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Conversations.Contracts;
using MailHub.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Routing.Tests;

/// <summary>
/// A team, its agents and a rule sending one mailbox's conversations to it, set up through the API;
/// conversations arrive as the Conversations module would announce them (events in the store).
/// Every scenario has its own mailbox, so scenarios in one host do not see each other's rules.
/// </summary>
internal sealed class RoutingScenario
{
    public const string Password = "agent-password-1";

    private readonly MailHubFactory _factory;

    private RoutingScenario(MailHubFactory factory, HttpClient admin)
    {
        _factory = factory;
        Admin = admin;
    }

    public HttpClient Admin { get; }

    public Guid MailboxId { get; } = Guid.NewGuid();

    public Guid TeamId { get; private set; }

    public List<Guid> Agents { get; } = [];

    private NpgsqlDataSource Database => _factory.Services.GetRequiredService<NpgsqlDataSource>();

    /// <remarks><paramref name="strategy"/> null: the scenario adds no rule (the test adds its own).</remarks>
    public static async Task<RoutingScenario> StartAsync(MailHubFactory factory, int agents, string? strategy = "round-robin",
        string status = "online", int? capacity = null)
    {
        var scenario = new RoutingScenario(factory, await factory.CreateClientAsync());
        scenario.TeamId = await scenario.CreateTeamAsync("team-" + scenario.MailboxId.ToString("N")[..8]);
        for (var i = 0; i < agents; i++)
        {
            var agent = await scenario.CreateAgentAsync(scenario.TeamId);
            await scenario.SetPresenceAsync(agent, status, capacity);
        }
        if (strategy is not null)
            await scenario.AddRuleAsync(scenario.TeamId, strategy);
        return scenario;
    }

    public async Task<Guid> CreateTeamAsync(string name)
    {
        var response = await Admin.PostAsJsonAsync("/api/directory/departments", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<Guid> CreateAgentAsync(Guid teamId)
    {
        var id = await CreateMemberAsync(teamId, "agent");
        if (teamId == TeamId)
            Agents.Add(id);
        return id;
    }

    /// <summary>A member of the team in a role (agent, supervisor, admin), not counted among the scenario's agents.</summary>
    public async Task<Guid> CreateMemberAsync(Guid teamId, string role)
    {
        var account = role + Guid.NewGuid().ToString("N")[..12];
        var response = await Admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = "Agent " + account, email = $"{account}@example.cn", password = Password, role, departmentIds = new[] { teamId },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<HttpClient> LoginAsync(Guid memberId)
    {
        var member = await Admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{memberId}");
        return await _factory.CreateClientAsync(member.GetProperty("email").GetString()!, Password);
    }

    public async Task SetPresenceAsync(Guid agentId, string status, int? capacity = null)
    {
        var response = await Admin.PutAsJsonAsync($"/api/routing/agents/{agentId}/presence", new { status, capacity });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The scenario's rule: its mailbox to the team, by <paramref name="strategy"/> (null: the team's own).</summary>
    public async Task<Guid> AddRuleAsync(Guid teamId, string? strategy, string[]? tags = null, string? priority = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = "mailbox " + MailboxId, order = 1, conditions = new { mailboxIds = new[] { MailboxId } }, assignTo = new { teamId }, strategy,
            tags, priority,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Announces conversations one after another (as they would arrive) and waits until routing has seen them all.</summary>
    public async Task<List<Guid>> OpenAsync(int count, string subject = "Where is my order?")
    {
        var store = _factory.Services.GetRequiredService<IDocumentStore>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var opened = new ConversationOpened(id, Openings.NextNumber(), MailboxId, Guid.NewGuid(), $"customer{i}@shop.example", $"{subject} #{i}",
                "text", "en", DateTimeOffset.UtcNow, $"Customer {i}", Openings.NewReplyToken());
            await store.StartStreamAsync(ConversationEvents.StreamOf(id), opened);
            ids.Add(id);
        }
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM routing.assignments WHERE conversation_id = ANY($1)", ids) == count);
        return ids;
    }

    public async Task CloseAsync(Guid conversationId)
    {
        var store = _factory.Services.GetRequiredService<IDocumentStore>();
        await store.AppendAsync(ConversationEvents.StreamOf(conversationId), new ConversationClosed(conversationId, null, DateTimeOffset.UtcNow));
        await WaitUntilAsync(async () =>
            await CountAsync("SELECT count(*) FROM routing.assignments WHERE conversation_id = ANY($1) AND state = 'closed'", [conversationId]) == 1);
    }

    /// <summary>Open conversations per agent of the team (0 for those with none).</summary>
    public async Task<Dictionary<Guid, long>> OpenCountsAsync()
    {
        var counts = Agents.ToDictionary(a => a, _ => 0L);
        await using var command = Database.CreateCommand(
            "SELECT agent_id, count(*) FROM routing.assignments WHERE agent_id = ANY($1) AND state = 'open' GROUP BY agent_id");
        command.Parameters.Add(new() { Value = Agents.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<Guid?> AgentOfAsync(Guid conversationId)
    {
        await using var command = Database.CreateCommand("SELECT agent_id FROM routing.assignments WHERE conversation_id = $1");
        command.Parameters.Add(new() { Value = conversationId });
        return await command.ExecuteScalarAsync() as Guid?;
    }

    public async Task<long> QueuedAsync() =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/routing/teams/{TeamId}/queue")).GetArrayLength();

    public async Task<long> CountAsync(string sql, IReadOnlyList<Guid> ids)
    {
        await using var command = Database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!await condition())
            await Task.Delay(100, timeout.Token);
    }
}
