using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Conversations.Tests;

public sealed class RebuildTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task A_rebuild_replays_the_events_into_the_list_and_it_comes_back_as_it_was()
    {
        var client = await host.CreateClientAsync();
        var refund = await host.DeliverConversationAsync(client, "退款申请 R1", "请帮我办理退款。");
        var parcel = await host.DeliverConversationAsync(client, "Parcel R2", "Where is it?");
        var invoice = await host.DeliverConversationAsync(client, "发票 R3", "需要发票。");

        // Something of every kind the read model derives from events: a reply and its delivery, a note,
        // a close, pending, an assignment (Routing's stream) to an agent of a team.
        var reply = await client.PostAsJsonAsync($"/api/conversations/{refund}/replies", new { text = "已为您办理。" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        await ConversationsHost.EventuallyAsync<string>(async () => await DeliveryOfReplyAsync(client, refund) == "sent" ? "sent" : null,
            "the reply delivered");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{refund}/notes", new { text = "VIP 客户" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{parcel}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{invoice}/pending", null)).StatusCode);
        var (_, agent) = await CreateAgentAsync(client);
        // Routing takes the conversation on once its subscription saw it open: until then the assignment is a 404.
        await ConversationsHost.EventuallyAsync<string>(async () =>
        {
            using var assigned = await client.PostAsJsonAsync($"/api/conversations/{refund}/assign", new { agentId = agent });
            return assigned.StatusCode == HttpStatusCode.OK ? "assigned" : null;
        }, "the assignment");
        await ConversationsHost.EventuallyAsync<string>(async () =>
            (await ListAsync(client)).Contains(agent.ToString(), StringComparison.Ordinal) ? "assigned" : null, "the assignee in the list");
        var before = await SnapshotAsync(client, refund, parcel, invoice);
        Assert.Contains("\"closed\"", before, StringComparison.Ordinal);
        Assert.Contains("\"pending\"", before, StringComparison.Ordinal);
        var rows = await CountAsync("SELECT count(*) FROM conversations.conversations");

        // Break every derived column (and the delivery states), as a faulty projection or a bad migration would; lose
        // one row altogether and gain one no event speaks of.
        await ExecuteAsync($"""
            UPDATE conversations.conversations SET status = 'open', closed_at = NULL, assignee_id = NULL, assignee_name = NULL,
                team_id = NULL, team_name = NULL, message_count = 0, last_message_at = '2000-01-01', search = '';
            UPDATE conversations.messages SET delivery_state = 'failed', delivery_detail = 'damaged' WHERE direction = 'outbound';
            DELETE FROM conversations.conversations WHERE id = '{parcel}';
            INSERT INTO conversations.conversations (id, number, mailbox_id, customer_id, customer_name, customer_email, subject, status,
                reply_token, opened_at, last_message_at)
            VALUES (gen_random_uuid(), 999999, gen_random_uuid(), gen_random_uuid(), 'Ghost', 'ghost@example.com', 'Ghost', 'open',
                'ghosttoken', now(), now());
            """);
        Assert.NotEqual(before, await SnapshotAsync(client, refund, invoice));
        Assert.DoesNotContain("Parcel R2", await ListAsync(client), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/conversations?q=" + Uri.EscapeDataString("退"))).GetProperty("items")
            .EnumerateArray());

        var rebuilt = await client.PostAsync("/api/conversations/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var result = await rebuilt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rows, result.GetProperty("conversations").GetInt64());
        Assert.Equal(before, await SnapshotAsync(client, refund, parcel, invoice));
        var found = await client.GetFromJsonAsync<JsonElement>("/api/conversations?q=" + Uri.EscapeDataString("退"));
        Assert.Equal(refund, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.DoesNotContain("Ghost", await ListAsync(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wiped_list_comes_back_whole_from_the_events()
    {
        var client = await host.CreateClientAsync();
        var first = await host.DeliverConversationAsync(client, "清空 W1", "第一封。");
        var second = await host.DeliverConversationAsync(client, "Wiped W2", "The second one.");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{second}/notes", new { text = "note" })).StatusCode);
        var before = await SnapshotAsync(client, first, second);

        await ExecuteAsync("DELETE FROM conversations.conversations");
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/conversations")).GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/conversations/rebuild", null)).StatusCode);
        Assert.Equal(before, await SnapshotAsync(client, first, second));
    }

    [Fact]
    public async Task Tags_priority_a_snooze_a_wait_and_a_merge_come_back_from_the_events()
    {
        var client = await host.CreateClientAsync();
        var tagged = await host.DeliverConversationAsync(client, "标签 G1", "请加急。");
        var answered = await host.DeliverConversationAsync(client, "Answered G2", "Thanks in advance.");
        var merged = await host.DeliverConversationAsync(client, "Merged G3", "Same order.");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/conversations/{tagged}/tags", new { tags = new[] { "加急", "VIP" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/conversations/{tagged}/priority", new { priority = "high" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync($"/api/conversations/{tagged}/snooze", new { until = DateTimeOffset.UtcNow.AddDays(2) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/conversations/{answered}/replies", new { text = "Done." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/conversations/{merged}/merge", new { into = answered })).StatusCode);
        // The reply's delivery state settles first: a send between the two snapshots is not what this test is about.
        await ConversationsHost.EventuallyAsync(async () =>
        {
            var thread = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{answered}");
            return thread.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("direction").GetString() == "outbound"
                && m.GetProperty("delivery").GetProperty("state").GetString() == "sent") ? "sent" : null;
        }, "the reply sent");
        var before = await SnapshotAsync(client, tagged, answered, merged)
            + await client.GetStringAsync(new Uri("/api/conversations?status=snoozed&limit=200", UriKind.Relative))
            + await client.GetStringAsync(new Uri("/api/conversations?sort=waiting&limit=200", UriKind.Relative));
        Assert.Contains("\"mergedInto\":\"" + answered, before, StringComparison.Ordinal);

        await ExecuteAsync("DELETE FROM conversations.conversations");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/conversations/rebuild", null)).StatusCode);

        Assert.Equal(before, await SnapshotAsync(client, tagged, answered, merged)
            + await client.GetStringAsync(new Uri("/api/conversations?status=snoozed&limit=200", UriKind.Relative))
            + await client.GetStringAsync(new Uri("/api/conversations?sort=waiting&limit=200", UriKind.Relative)));
    }

    /// <summary>
    /// Openings written before they carried the customer's name and the reply token get them from their rows on upgrade
    /// (migration 0005), so a rebuild gives those rows back as they were, and a reply to the token still threads.
    /// </summary>
    [Fact]
    public async Task Openings_older_than_the_projection_are_completed_on_upgrade_and_rebuild_as_they_were()
    {
        var client = await host.CreateClientAsync();
        var old = await host.DeliverConversationAsync(client, "旧会话 U1", "升级之前。");
        var before = await SnapshotAsync(client, old);
        // As the event was stored before this version, and the upgrade not yet applied.
        await ExecuteAsync($"""
            UPDATE events.mt_events SET data = data - 'customerName' - 'replyToken'
            WHERE type = 'ConversationOpened' AND data ->> 'conversationId' = '{old}';
            DELETE FROM core.schema_migrations WHERE schema_name = 'conversations' AND version = 5;
            """);
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM events.mt_events WHERE data ->> 'conversationId' = '{old}' AND data ? 'replyToken'"));

        await host.Services.GetRequiredService<Core.Database.MigrationRunner>().ApplyAsync([("conversations", new ConversationsModule().Migrations)]);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/conversations/rebuild", null)).StatusCode);

        Assert.Equal(before, await SnapshotAsync(client, old));
    }

    [Fact]
    public async Task Mailhub_rebuild_rebuilds_the_list_of_a_database_given_by_connection_string()
    {
        var client = await host.CreateClientAsync();
        var closed = await host.DeliverConversationAsync(client, "CLI 重建 C1", "请关闭。");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/conversations/{closed}/close", null)).StatusCode);
        await using (var damage = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "UPDATE conversations.conversations SET status = 'open', closed_at = NULL"))
            await damage.ExecuteNonQueryAsync();
        Assert.Equal("open", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{closed}")).GetProperty("status").GetString());

        var (exitCode, output) = await MailhubAsync("rebuild", "--connection", host.ConnectionString);

        Assert.True(exitCode == 0, output);
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("conversations").GetInt64() >= 1, output);
        Assert.Equal("closed", (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{closed}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Mailhub_rebuild_refuses_a_database_MailHub_never_ran_on()
    {
        var (exitCode, output) = await MailhubAsync("rebuild", "--connection", await Testing.TestDatabase.CreateAsync("empty"));

        Assert.Equal(1, exitCode);
        Assert.Contains("start MailHub on it once first", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> MailhubAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailhub.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Only_an_admin_may_rebuild()
    {
        var admin = await host.CreateClientAsync();
        var (_, agent) = await CreateAgentAsync(admin);
        var member = await admin.GetFromJsonAsync<JsonElement>($"/api/directory/members/{agent}");
        var agentClient = await host.CreateClientAsync(member.GetProperty("email").GetString()!, Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.PostAsync("/api/conversations/rebuild", null)).StatusCode);
    }

    private const string Password = "agent-password-1";

    private static async Task<(Guid Team, Guid Agent)> CreateAgentAsync(HttpClient admin)
    {
        var name = "team-" + Guid.NewGuid().ToString("N")[..8];
        var team = await admin.PostAsJsonAsync("/api/directory/departments", new { name });
        Assert.Equal(HttpStatusCode.Created, team.StatusCode);
        var teamId = (await team.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var account = "agent" + Guid.NewGuid().ToString("N")[..12];
        var member = await admin.PostAsJsonAsync("/api/directory/members", new
        {
            account, name = "坐席 " + account, email = $"{account}@example.cn", password = Password, role = "agent", departmentIds = new[] { teamId },
        });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
        return (teamId, (await member.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<string> ListAsync(HttpClient client) => client.GetStringAsync(new Uri("/api/conversations?limit=200", UriKind.Relative));

    /// <summary>The list, each status filter, a search, and the conversations' details, as the API answers them.</summary>
    private static async Task<string> SnapshotAsync(HttpClient client, params Guid[] ids)
    {
        var parts = new List<string> { await ListAsync(client) };
        foreach (var query in new[] { "status=open", "status=pending", "status=closed", "q=" + Uri.EscapeDataString("退款"), "q=where" })
            parts.Add(await client.GetStringAsync(new Uri("/api/conversations?limit=200&" + query, UriKind.Relative)));
        foreach (var id in ids)
            parts.Add(await client.GetStringAsync(new Uri($"/api/conversations/{id}", UriKind.Relative)));
        return string.Join("\n", parts);
    }

    private static async Task<string?> DeliveryOfReplyAsync(HttpClient client, Guid conversation)
    {
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        return detail.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("direction").GetString() == "outbound")
            .GetProperty("delivery").GetProperty("state").GetString();
    }
}
