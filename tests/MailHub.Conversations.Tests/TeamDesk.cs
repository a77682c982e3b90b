using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The conversations host with two teams, one agent each (online), and a rule sending the mailbox's conversations to team A:
/// each conversation is team A's and assigned to its agent.
/// </summary>
public sealed class TeamDeskHost : ConversationsHost
{
    public const string Password = "agent-password-1";

    public Guid TeamA { get; private set; }
    public Guid TeamB { get; private set; }
    public Guid AgentA { get; private set; }
    public Guid AgentB { get; private set; }
    public Guid Supervisor { get; private set; }
    private readonly Dictionary<Guid, string> _emails = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = await CreateClientAsync();
        TeamA = await CreateAsync(admin, "/api/directory/departments", new { name = "售后 A" });
        TeamB = await CreateAsync(admin, "/api/directory/departments", new { name = "售前 B" });
        AgentA = await MemberAsync(admin, TeamA, "agent");
        AgentB = await MemberAsync(admin, TeamB, "agent");
        Supervisor = await MemberAsync(admin, TeamB, "supervisor");
        foreach (var agent in (Guid[])[AgentA, AgentB])
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/routing/agents/{agent}/presence", new { status = "online", capacity = 100 })).StatusCode);
        await CreateAsync(admin, "/api/routing/rules", new
        {
            name = "support to A", order = 1, conditions = new { mailboxIds = new[] { MailboxId } }, assignTo = new { teamId = TeamA }, strategy = "round-robin",
        });
    }

    public Task<HttpClient> SignInAsync(Guid member) => CreateClientAsync(_emails[member], Password);

    private async Task<Guid> MemberAsync(HttpClient admin, Guid team, string role)
    {
        var account = role + Guid.NewGuid().ToString("N")[..10];
        var id = await CreateAsync(admin, "/api/directory/members", new
        {
            account, name = "Agent " + account, email = $"{account}@shop.example", password = Password, role, departmentIds = new[] { team },
        });
        _emails[id] = $"{account}@shop.example";
        return id;
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string path, object body)
    {
        var response = await admin.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
