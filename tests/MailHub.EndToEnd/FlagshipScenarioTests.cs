using System.Net;
using System.Text;
using System.Text.Json;
using MailHub.Testing;

namespace MailHub.EndToEnd;

/// <summary>
/// Issue #7's QA check as one story: a Chinese mail arrives over SMTP at a sandbox mailbox, a rule
/// gives it to an agent, the agent's reply leaves with the thread's headers, and the customer's
/// answer, a new mail, an auto-reply and a bounce each land where a person expects them.
/// </summary>
public sealed class FlagshipScenarioTests(EndToEndHost host) : IClassFixture<EndToEndHost>
{
    private const string AgentPassword = "agent-password-e2e";

    [Fact]
    public async Task A_customer_mail_is_routed_answered_threaded_closed_reopened_and_its_bounce_marks_the_reply_failed()
    {
        var smtp = await host.SmtpEndpointAsync();
        using var admin = await host.CreateClientAsync();

        // Set-up, as an admin does it.
        var mailbox = await Api.PostAsync(admin, "/api/channels/mailboxes",
            new { name = "Support", displayName = "客服中心", inbound = new { protocol = "sandbox" } });
        var mailboxId = mailbox.GetProperty("id").GetGuid();
        var address = mailbox.GetProperty("address").GetString()!;
        Assert.Equal("support@sandbox.mailhub.test", address);
        var team = (await Api.PostAsync(admin, "/api/directory/departments", new { name = "售后" })).GetProperty("id").GetGuid();
        var otherTeam = (await Api.PostAsync(admin, "/api/directory/departments", new { name = "销售" })).GetProperty("id").GetGuid();
        var (agentId, agent) = await CreateAgentAsync(admin, "lisi", "李四", team);
        var (_, outsider) = await CreateAgentAsync(admin, "wangwu", "王五", otherTeam);
        await Api.PutAsync(agent, $"/api/routing/agents/{agentId}/presence", new { status = "online" });
        await Api.PostAsync(admin, "/api/routing/rules", new
        {
            name = "Support mailbox to 售后", order = 1, conditions = new { mailboxIds = new[] { mailboxId } }, assignTo = new { teamId = team },
            strategy = "round-robin",
        });

        // The customer writes in Chinese, with an invoice attached.
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 invoice 12345");
        var customerMessageId = CustomerMails.NewMessageId();
        await CustomerSmtp.SendAsync(smtp, CustomerMails.Customer, address, CustomerMails.FromCustomer(address, customerMessageId,
            "订单 12345 没有收到", "你好，订单 12345 没有收到，请帮忙查询。", attachment: ("发票 12345.pdf", pdf)));

        var list = await Api.WaitAsync(admin, $"/api/conversations?mailbox={mailboxId}",
            l => l.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("assignee").ValueKind == JsonValueKind.Object),
            "the conversation, assigned");
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        var id = summary.GetProperty("id").GetGuid();
        Assert.Equal("订单 12345 没有收到", summary.GetProperty("subject").GetString());
        Assert.Equal(CustomerMails.Customer, summary.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal(agentId, summary.GetProperty("assignee").GetProperty("id").GetGuid());
        Assert.Equal(team, summary.GetProperty("team").GetProperty("id").GetGuid());

        // The agent sees it in their own list, with the attachment, and answers.
        var mine = await Api.GetAsync(agent, "/api/conversations?assignee=me");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var conversation = await Api.GetAsync(agent, $"/api/conversations/{id}");
        var first = conversation.GetProperty("messages")[0];
        Assert.Equal(customerMessageId, first.GetProperty("messageId").GetString());
        Assert.Contains("没有收到", first.GetProperty("text").GetString(), StringComparison.Ordinal);
        var attachment = Assert.Single(first.GetProperty("attachments").EnumerateArray());
        Assert.Equal("发票 12345.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal(pdf, await agent.GetByteArrayAsync(attachment.GetProperty("url").GetString()));

        var replied = await Api.PostAsync(agent, $"/api/conversations/{id}/replies", new { text = "您好，包裹今天发出。", quoteOriginal = true });
        var replyId = replied.GetProperty("id").GetGuid();

        // The reply, as the sandbox captured it.
        var capturedItem = await Api.GetAsync(admin, $"/api/sandbox/messages/wait?to={CustomerMails.Customer}&timeout=20");
        var captured = await Api.GetAsync(admin, $"/api/sandbox/messages/{capturedItem.GetProperty("id").GetGuid()}");
        Assert.Equal(address, captured.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Equal("客服中心", captured.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.Equal(CustomerMails.Customer, Assert.Single(captured.GetProperty("to").EnumerateArray()).GetProperty("address").GetString());
        Assert.Equal([CustomerMails.Customer], captured.GetProperty("envelope").GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()));
        var subject = captured.GetProperty("subject").GetString()!;
        Assert.StartsWith("Re: 订单 12345 没有收到", subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Re: Re:", subject, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([customerMessageId], captured.GetProperty("inReplyTo").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(customerMessageId, captured.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("包裹今天发出", captured.GetProperty("text").GetString(), StringComparison.Ordinal);
        var replyMessageId = captured.GetProperty("messageId").GetString()!;

        await Api.WaitAsync(agent, $"/api/conversations/{id}", c => DeliveryOf(c, replyId) == "sent", "the reply's delivery: sent");

        // The customer answers the reply: same conversation.
        await CustomerSmtp.SendAsync(smtp, CustomerMails.Customer, address, CustomerMails.FromCustomer(address, CustomerMails.NewMessageId(),
            "Re: " + subject, "收到，谢谢！", inReplyTo: replyMessageId));
        conversation = await Api.WaitAsync(agent, $"/api/conversations/{id}", c => HasText(c, "收到，谢谢！"), "the answer in the conversation");
        Assert.Equal("open", conversation.GetProperty("status").GetString());

        // Closed; the customer writes again in the thread: reopened.
        await Api.PostAsync(agent, $"/api/conversations/{id}/close", new { }, HttpStatusCode.OK);
        Assert.Equal("closed", (await Api.GetAsync(agent, $"/api/conversations/{id}")).GetProperty("status").GetString());
        await CustomerSmtp.SendAsync(smtp, CustomerMails.Customer, address, CustomerMails.FromCustomer(address, CustomerMails.NewMessageId(),
            "Re: " + subject, "还是没有收到。", inReplyTo: replyMessageId));
        conversation = await Api.WaitAsync(agent, $"/api/conversations/{id}", c => HasText(c, "还是没有收到。"), "the new mail in the conversation");
        Assert.Equal("open", conversation.GetProperty("status").GetString());

        // Closed again; an auto-reply from the customer's side joins as automatic and changes nothing.
        await Api.PostAsync(agent, $"/api/conversations/{id}/close", new { }, HttpStatusCode.OK);
        await CustomerSmtp.SendAsync(smtp, CustomerMails.Customer, address, CustomerMails.FromCustomer(address, CustomerMails.NewMessageId(),
            "自动回复: " + subject, "我正在休假，稍后回复。", inReplyTo: replyMessageId, extraHeader: "Auto-Submitted: auto-replied"));
        conversation = await Api.WaitAsync(agent, $"/api/conversations/{id}", c => HasText(c, "我正在休假，稍后回复。"), "the auto-reply");
        Assert.Equal("closed", conversation.GetProperty("status").GetString());
        Assert.True(conversation.GetProperty("messages").EnumerateArray().Single(m => Text(m) == "我正在休假，稍后回复。").GetProperty("automatic").GetBoolean());

        // The customer's server bounces the reply: failed, with status and diagnostic; nothing opens.
        await CustomerSmtp.SendAsync(smtp, "", address, CustomerMails.Bounce(address, replyMessageId));
        conversation = await Api.WaitAsync(agent, $"/api/conversations/{id}", c => DeliveryOf(c, replyId) == "failed", "the reply marked failed");
        var detail = Reply(conversation, replyId).GetProperty("delivery").GetProperty("detail").GetString();
        Assert.Contains("5.1.1", detail, StringComparison.Ordinal);
        Assert.Contains("User unknown", detail, StringComparison.Ordinal);
        Assert.Equal("closed", conversation.GetProperty("status").GetString());
        Assert.Equal(4, conversation.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("direction").GetString() == "inbound"));
        var all = await Api.GetAsync(admin, $"/api/conversations?mailbox={mailboxId}&limit=200");
        Assert.Single(all.GetProperty("items").EnumerateArray());
        var history = conversation.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("reopened", history);
        Assert.Contains("delivery-failed", history);

        // An agent of another team may not look.
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/conversations/{id}")).StatusCode);
        var refusedReply = await Api.PostAsync(outsider, $"/api/conversations/{id}/replies", new { text = "不是我的。" }, HttpStatusCode.Forbidden);
        Assert.Equal(JsonValueKind.Object, refusedReply.ValueKind);
    }

    private async Task<(Guid Id, HttpClient Client)> CreateAgentAsync(HttpClient admin, string account, string name, Guid team)
    {
        var email = $"{account}@shop.example.cn";
        var member = await Api.PostAsync(admin, "/api/directory/members",
            new { account, name, email, password = AgentPassword, role = "agent", departmentIds = new[] { team } });
        return (member.GetProperty("id").GetGuid(), await host.CreateClientAsync(email, AgentPassword));
    }

    private static JsonElement Reply(JsonElement conversation, Guid replyId) =>
        conversation.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == replyId);

    private static string? DeliveryOf(JsonElement conversation, Guid replyId) =>
        Reply(conversation, replyId).GetProperty("delivery") is { ValueKind: JsonValueKind.Object } delivery ? delivery.GetProperty("state").GetString() : null;

    private static string? Text(JsonElement message) => message.GetProperty("text").GetString()?.Trim();

    private static bool HasText(JsonElement conversation, string text) =>
        conversation.GetProperty("messages").EnumerateArray().Any(m => Text(m) == text);
}
