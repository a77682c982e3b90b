using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailHub.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailHub.Host.Tests;

/// <summary>
/// The real host with one of everything, all of it team A's: a sandbox mailbox whose rule sends its mail to team A, an
/// agent of team A who got the customer's conversation (a mail with an attachment, over SMTP) and replied to it, the
/// customer, a template, a relay account; the mail's HTML shows an image of a server of its own. Beside them an agent of team B and a supervisor (a member of team B, so what
/// they see of team A comes from the role). Every id a route can take is here.
/// </summary>
public sealed class AuthorizationDesk : MailHubFactory
{
    public const string Password = "desk-password-1";
    public const string Customer = "buyer@customer.example";

    public AuthorizationDesk()
    {
        Settings["MailHub:Smtp:Endpoints:0:Address"] = "127.0.0.1";
        Settings["MailHub:Smtp:Endpoints:0:Port"] = "0";
        Settings["MailHub:Smtp:Endpoints:0:TlsMode"] = "None";
        Settings["MailHub:Smtp:CertificatePath"] = Path.Combine(Path.GetTempPath(), "mailhub-authorization-tests-cert.pfx");
        // The mail's image is on a loopback server; the image proxy refuses those unless told.
        Settings["MailHub:Conversations:RemoteImages:AllowPrivateAddresses"] = "true";
    }

    private ImageServer _images = null!;

    /// <summary>The remote image the customer's mail shows.</summary>
    public string RemoteImageUrl => _images.Url("/logo.png");

    public string Subject { get; } = "Order 4711 never came " + Guid.NewGuid().ToString("N")[..8];
    public Guid MailboxId { get; private set; }
    public Guid TeamA { get; private set; }
    public Guid TeamB { get; private set; }
    public Guid AgentA { get; private set; }
    public Guid AgentB { get; private set; }
    public Guid SupervisorId { get; private set; }
    public Guid RuleId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid MessageId { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid TemplateId { get; private set; }
    public Guid InboundId { get; private set; }
    public Guid SandboxId { get; private set; }
    public string RelayUserName { get; } = "relay-" + Guid.NewGuid().ToString("N")[..8];

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient OtherTeamAgent { get; private set; } = null!;
    public HttpClient Supervisor { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _images = await ImageServer.StartAsync();
        _images.Serve("/logo.png", "image/png", ImageServer.Png);
        Admin = await CreateClientAsync();
        MailboxId = await IdOfAsync(await Admin.PostAsJsonAsync("/api/channels/mailboxes", new
        {
            name = "Support", address = "support@shop.example", displayName = "Shop Support", inbound = new { protocol = "sandbox" },
        }));
        TeamA = await IdOfAsync(await Admin.PostAsJsonAsync("/api/directory/departments", new { name = "售后 A" }));
        TeamB = await IdOfAsync(await Admin.PostAsJsonAsync("/api/directory/departments", new { name = "销售 B" }));
        AgentA = await MemberAsync("agenta", TeamA, "agent");
        AgentB = await MemberAsync("agentb", TeamB, "agent");
        SupervisorId = await MemberAsync("boss", TeamB, "supervisor");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/routing/agents/{AgentA}/presence", new { status = "online" })).StatusCode);
        RuleId = await IdOfAsync(await Admin.PostAsJsonAsync("/api/routing/rules", new
        {
            name = "support → A", order = 1, conditions = new { mailboxIds = new[] { MailboxId } }, assignTo = new { teamId = TeamA },
            strategy = "round-robin",
        }));
        TemplateId = await IdOfAsync(await Admin.PostAsJsonAsync("/api/conversations/templates", new { name = "Thanks", text = "Dear {{customer.name}}" }));
        var relay = await Admin.PostAsJsonAsync("/api/channels/relay-accounts", new { userName = RelayUserName, password = "relay-password-1" });
        Assert.Equal(HttpStatusCode.Created, relay.StatusCode);

        await DeliverAsync();
        ConversationId = await Eventually.GetAsync<Guid?>(async () =>
        {
            var list = await Admin.GetFromJsonAsync<JsonElement>($"/api/conversations?mailbox={MailboxId}");
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("subject").GetString() == Subject)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, "the customer's conversation", TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException();
        await Eventually.GetAsync<string>(async () =>
        {
            var assignment = await Admin.GetAsync($"/api/routing/assignments/{ConversationId}");
            if (assignment.StatusCode != HttpStatusCode.OK)
                return null;
            var view = await assignment.Content.ReadFromJsonAsync<JsonElement>();
            return view.GetProperty("team").ValueKind == JsonValueKind.Object && view.GetProperty("team").GetProperty("id").GetGuid() == TeamA
                && view.GetProperty("assignee").ValueKind == JsonValueKind.Object && view.GetProperty("assignee").GetProperty("id").GetGuid() == AgentA
                ? "assigned" : null;
        }, "the conversation assigned to team A's agent", TimeSpan.FromSeconds(60));
        var detail = await Admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{ConversationId}");
        MessageId = detail.GetProperty("messages")[0].GetProperty("id").GetGuid();
        CustomerId = detail.GetProperty("customer").GetProperty("id").GetGuid();

        var agentA = await SignInAsync("agenta");
        Assert.Equal(HttpStatusCode.Created, (await agentA.PostAsJsonAsync($"/api/conversations/{ConversationId}/replies", new { text = "It ships today." })).StatusCode);
        var captured = await Admin.GetFromJsonAsync<JsonElement>($"/api/sandbox/messages/wait?to={Customer}&timeout=30");
        SandboxId = captured.GetProperty("id").GetGuid();
        var inbound = await Admin.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={MailboxId}");
        InboundId = inbound.GetProperty("items")[0].GetProperty("id").GetGuid();

        OtherTeamAgent = await SignInAsync("agentb");
        Supervisor = await SignInAsync("boss");
    }

    private async Task<Guid> MemberAsync(string account, Guid team, string role) =>
        await IdOfAsync(await Admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = account, email = $"{account}@desk.example", password = Password, role, departmentIds = new[] { team },
        }));

    private Task<HttpClient> SignInAsync(string account) => CreateClientAsync($"{account}@desk.example", Password);

    private static async Task<Guid> IdOfAsync(HttpResponseMessage created)
    {
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.RequestMessage?.RequestUri}: {await created.Content.ReadAsStringAsync()}");
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public override async ValueTask DisposeAsync()
    {
        await _images.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The customer's mail with an attachment, over SMTP into the host's listener, as their server would send it.</summary>
    private async Task DeliverAsync()
    {
        var health = await Admin.GetFromJsonAsync<JsonElement>("/health");
        var listener = IPEndPoint.Parse(health.GetProperty("dependencies").GetProperty("smtp").GetProperty("data").GetProperty("listeners")[0]
            .GetProperty("address").GetString()!);
        var body = new BodyBuilder { TextBody = "我的订单还没有到，请帮忙查询。", HtmlBody = $"<p>我的订单还没有到，请帮忙查询。</p><img src=\"{RemoteImageUrl}\">" };
        body.Attachments.Add("发票.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 invoice"), new ContentType("application", "pdf"));
        using var mail = new MimeMessage(
            [new MailboxAddress("张三", Customer)], [new MailboxAddress("Shop Support", "support@shop.example")], Subject, body.ToMessageBody());
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(listener.Address.ToString(), listener.Port, SecureSocketOptions.None);
        await smtp.SendAsync(mail);
        await smtp.DisconnectAsync(quit: true);
    }
}
