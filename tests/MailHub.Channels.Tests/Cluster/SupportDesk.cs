using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// A mailbox whose mail a routing rule gives to a team with one online agent, set up through the API of one node. The
/// agent can then work through any node (the key ring is shared: a token reads on every node), and the customer writes
/// to any node's SMTP listener. A QA sandbox mailbox by default, whose replies the sandbox captures; or a relay mailbox
/// at <c>address</c>, whose replies go out through the nodes' MailHub:Outbound:DefaultRelay.
/// </summary>
internal sealed class SupportDesk(Guid mailboxId, string address, Guid agentId, string agentToken)
{
    public const string Customer = "customer@example.com";

    public Guid MailboxId { get; } = mailboxId;

    /// <summary>The mailbox's address (claimed, so every node's SMTP listener takes mail for it).</summary>
    public string Address { get; } = address;

    public Guid AgentId { get; } = agentId;

    public static async Task<SupportDesk> CreateAsync(HttpClient admin, string tag, string? relayAddress = null)
    {
        var mailbox = await MailboxApi.CreateAsync(admin, relayAddress is null
            ? new { name = $"Desk {tag}", displayName = "客服中心", address = (string?)null, inbound = new { protocol = "sandbox" } }
            : new { name = $"Desk {tag}", displayName = "客服中心", address = (string?)relayAddress, inbound = new { protocol = "relay" } });
        var team = await CreatedAsync(admin, "/api/directory/departments", new { name = $"售后 {tag}" });
        var agent = await CreatedAsync(admin, "/api/directory/members", new
        {
            account = $"agent-{tag}", name = "李四", email = $"agent-{tag}@desk.example.cn", password = "desk-agent-password", role = "agent",
            departmentIds = new[] { team },
        });
        var token = await admin.PostAsJsonAsync("/api/auth/token", new { email = $"agent-{tag}@desk.example.cn", password = "desk-agent-password" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var desk = new SupportDesk(Guid.Parse(mailbox.GetProperty("id").GetString()!), mailbox.GetProperty("address").GetString()!, agent,
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);

        using var agentClient = desk.AgentOn(admin.BaseAddress!);
        var presence = await agentClient.PutAsJsonAsync($"/api/routing/agents/{agent}/presence", new { status = "online" });
        Assert.True(presence.IsSuccessStatusCode, $"{(int)presence.StatusCode}: {await presence.Content.ReadAsStringAsync()}");
        await CreatedAsync(admin, "/api/routing/rules", new
        {
            name = $"Desk {tag}", order = 1, conditions = new { mailboxIds = new[] { desk.MailboxId } }, assignTo = new { teamId = team },
            strategy = "round-robin",
        });
        return desk;
    }

    /// <summary>The agent's own client on the node at <paramref name="node"/>; no client timeout, so it can hold an event stream open.</summary>
    public HttpClient AgentOn(Uri node)
    {
        var client = new HttpClient { BaseAddress = node, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        return client;
    }

    /// <summary>The customer writes to the desk through <paramref name="node"/>'s SMTP listener: 250 or a failure.</summary>
    public async Task WriteAsync(HostProcess node, string subject, string text)
    {
        await using var smtp = await SmtpProbe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.SmtpPort));
        var reply = await smtp.SendAsync(Customer, Address,
            $"From: 张三 <{Customer}>\r\nTo: {Address}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n"
            + $"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n");
        Assert.StartsWith("250 ", reply, StringComparison.Ordinal);
    }

    /// <summary>The conversation with this subject once a rule has assigned it to the agent, as <paramref name="client"/>'s node lists it.</summary>
    public async Task<Guid> AssignedConversationAsync(HttpClient client, string subject, TimeSpan timeout) =>
        (await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/conversations?mailbox={MailboxId}&limit=200");
            return list.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("subject").GetString() == subject
                    && i.GetProperty("assignee") is { ValueKind: JsonValueKind.Object } assignee && assignee.GetProperty("id").GetGuid() == AgentId)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, $"the conversation \"{subject}\" assigned to the agent", timeout)) ?? throw new InvalidOperationException();

    private static async Task<Guid> CreatedAsync(HttpClient admin, string path, object body)
    {
        var response = await admin.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {json}");
        return Guid.Parse(json.GetProperty("id").GetString()!);
    }
}
