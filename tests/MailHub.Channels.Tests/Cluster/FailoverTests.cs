using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Support;
using MailHub.Channels.Tests.Sync;
using MailHub.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// Three MailHub processes on one PostgreSQL, on loopback ports. An IMAP mailbox on Dovecot gets mail all along, and
/// SMTP mail goes to all three nodes' listeners at once; the node syncing the mailbox is killed with SIGKILL in the
/// middle of a sync. Then: the mailbox resumes on a surviving node within 60 s; every message delivered to Dovecot
/// and every message any node answered 250 for is stored exactly once; an agent's reply sent through a surviving node
/// goes out once; and the agent's event streams on the surviving nodes keep bringing changes.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class FailoverTests(MailServersFixture peers, ITestOutputHelper output)
{
    private const string Address = "erin@test.local";
    private const string Relay = "relay@example.com";
    private const int Seeded = 600;
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_kill_9_of_the_node_syncing_a_mailbox_of_three_the_mailbox_resumes_no_mail_is_lost_or_doubled_a_reply_goes_once_and_live_updates_go_on()
    {
        var run = Stopwatch.StartNew();
        var date = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        string Message(int i) => $"Return-Path: <sender{i % 5}@example.org>\nFrom: sender{i % 5}@example.org\nTo: {Address}\n"
            + $"Subject: failover {i}\nDate: {date}\nMessage-ID: <failover-{i}@example.org>\n\n"
            + string.Concat(Enumerable.Repeat($"line of message {i}\n", 20));
        await peers.SeedAsync("erin", Enumerable.Range(0, Seeded).Select(Message));

        var connectionString = await TestDatabase.CreateAsync("failover");
        var settings = new Dictionary<string, string>
        {
            ["MailHub__Sync__ImportThrottle"] = "00:00:00.050",
            ["MailHub__Sync__BatchSize"] = "25",
            ["MailHub__Sync__PollInterval"] = "00:00:02",
            ["MailHub__Sync__RetryDelay"] = "00:00:01",
            // A mailbox created on one node claims its address; the others take mail for it at their next read of the claims.
            ["MailHub__Smtp__ClaimCacheDuration"] = "00:00:01",
        };
        await using var cluster = await HostCluster.StartAsync(connectionString, 3, settings);
        var nodes = cluster.Nodes;
        var silos = await Task.WhenAll(nodes.Select(HostCluster.SiloAsync));
        output.WriteLine($"Three nodes active after {run.Elapsed.TotalSeconds:0.0} s.");

        // The desk, before anything fails: the customer's mail is a conversation assigned to the agent.
        var admin = nodes[1].Http;
        var desk = await SupportDesk.CreateAsync(admin, Guid.NewGuid().ToString("N")[..8]);
        await MailboxApi.CreateAsync(admin, new { name = "Relay", address = Relay, inbound = new { protocol = "relay" } });
        var firstSubject = $"订单 {Guid.NewGuid():N} 没有收到";
        await desk.WriteAsync(nodes[0], firstSubject, "你好，订单没有收到。");
        var conversation = await desk.AssignedConversationAsync(admin, firstSubject, TimeSpan.FromSeconds(30));

        var created = await MailboxApi.CreateAsync(admin, new
        {
            name = "Erin",
            address = Address,
            initialImport = new { mode = "recent", days = 3 },
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "erin",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        });
        var mailboxId = Guid.Parse(created.GetProperty("id").GetString()!);

        // Mail keeps arriving in Dovecot, before, during and after the kill ...
        var delivered = Seeded;
        using var stopMail = new CancellationTokenSource();
        var delivery = Task.Run(async () =>
        {
            while (!stopMail.IsCancellationRequested)
            {
                await peers.SeedAsync("erin", [Message(delivered)]);
                delivered++;
                await Task.Delay(100, CancellationToken.None);
            }
        });
        // ... and over SMTP, two connections to each node, until a node is gone or the test stops them.
        var acknowledged = new ConcurrentBag<string>();
        var senders = nodes.SelectMany((node, n) => Enumerable.Range(0, 2).Select(c =>
            SmtpProbe.SendUntilRefusedAsync(node.SmtpPort, Relay, $"smtp-{n}-{c}", acknowledged, TimeSpan.FromMilliseconds(500), stopMail.Token))).ToList();

        bool Syncs(HostProcess n) => n.Output.Contains($"Syncing mailbox {Address} (imap) on {silos[Index(nodes, n)]}", StringComparison.Ordinal);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(nodes.Any(Syncs)), TimeSpan.FromSeconds(60)),
            "No node started syncing the mailbox in 60 s:\n" + string.Join("\n", nodes.Select(n => n.Output)));
        var owner = nodes.Single(Syncs);
        var survivors = nodes.Where(n => n != owner).ToList();

        // The agent's console is open on both surviving nodes before the kill.
        using var streamTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var consoles = survivors.Select(n => desk.AgentOn(n.Http.BaseAddress!)).ToList();
        var streams = new List<ServerSentEvents>();
        foreach (var console in consoles)
            streams.Add(await ServerSentEvents.OpenAsync(console, "/api/events/stream", streamTimeout.Token));
        try
        {
            // The consoles are open first, so the kill follows the 300th message at once, mid-import.
            Assert.True(await Eventually.HoldsAsync(async () => await StoredCountAsync(connectionString, mailboxId) >= 300, TimeSpan.FromSeconds(90)),
                "The mailbox did not store 300 messages in 90 s:\n" + string.Join("\n", nodes.Select(n => n.Output)));
            var before = await StoredCountAsync(connectionString, mailboxId);
            Assert.True(before is >= 300 and < Seeded, $"{before} stored before the kill:\n{owner.Output}");
            var acknowledgedBefore = acknowledged.ToHashSet();
            owner.KillHard();
            var clock = Stopwatch.StartNew();

            var resumed = await Eventually.HoldsAsync(
                () => Task.FromResult(survivors.Any(n => n.Output.Contains($"Syncing mailbox {Address} (imap) on", StringComparison.Ordinal))), TimeSpan.FromSeconds(60));
            var resumedAfter = clock.Elapsed;
            Assert.True(resumed, "The mailbox did not resume on a surviving node within 60 s:\n" + string.Join("\n", survivors.Select(n => n.Output)));
            var heir = survivors.Single(n => n.Output.Contains($"Syncing mailbox {Address} (imap) on", StringComparison.Ordinal));
            output.WriteLine($"Killed node {Index(nodes, owner)} with {before} stored and {acknowledgedBefore.Count} SMTP messages acknowledged; "
                + $"node {Index(nodes, heir)} resumed the mailbox after {resumedAfter.TotalSeconds:0.0} s.");

            // The agent answers through one surviving node; a supervisor (the admin) hands the conversation back to the
            // agent with a note through the other (a notification); the customer writes again, to the other node's SMTP.
            var replyResponse = await consoles[0].PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = "您好，包裹今天发出。" });
            var reply = await replyResponse.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(replyResponse.StatusCode == HttpStatusCode.Created, $"The reply through a surviving node: {(int)replyResponse.StatusCode} {reply}");
            var replyId = reply.GetProperty("id").GetGuid();
            var assign = await survivors[1].Http.PostAsJsonAsync($"/api/conversations/{conversation}/assign", new { agentId = desk.AgentId, note = "请优先处理" });
            Assert.True(assign.IsSuccessStatusCode, $"The assignment through a surviving node: {(int)assign.StatusCode} {await assign.Content.ReadAsStringAsync()}");
            var secondSubject = $"发票 {Guid.NewGuid():N} 要重开";
            await desk.WriteAsync(survivors[1], secondSubject, "请重开发票。");
            output.WriteLine($"Replied, assigned and written {clock.Elapsed.TotalSeconds:0.0} s after the kill.");

            // The reply went out once (checked again at the end): captured by the sandbox, its delivery state on the conversation is sent.
            var captured = await survivors[1].Http.GetAsync($"/api/sandbox/messages/wait?to={SupportDesk.Customer}&subject={Uri.EscapeDataString(firstSubject)}&timeout=60");
            Assert.True(captured.StatusCode == HttpStatusCode.OK, $"The reply was not captured: {(int)captured.StatusCode} {await captured.Content.ReadAsStringAsync()}");
            await Eventually.GetAsync<string>(async () =>
            {
                var detail = await consoles[1].GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
                return detail.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("id").GetGuid() == replyId)
                    .Select(m => m.GetProperty("delivery").GetProperty("state").GetString()).FirstOrDefault(s => s == "sent");
            }, "the reply's delivery state \"sent\"", StreamWait);
            output.WriteLine($"The reply was captured and marked sent {clock.Elapsed.TotalSeconds:0.0} s after the kill.");

            // The customer's new mail becomes a conversation of the agent's (after the mail synced and sent before it).
            var second = await desk.AssignedConversationAsync(consoles[0], secondSubject, TimeSpan.FromSeconds(120));
            output.WriteLine($"The customer's new mail was a conversation assigned to the agent {clock.Elapsed.TotalSeconds:0.0} s after the kill.");

            // The agent's consoles on both surviving nodes heard of all of it.
            using var eventsTimeout = CancellationTokenSource.CreateLinkedTokenSource(streamTimeout.Token);
            eventsTimeout.CancelAfter(StreamWait);
            await Task.WhenAll(streams.Select((stream, i) => stream.WaitForAllAsync(
            [
                new ExpectedEvent("conversation", c => c.GetProperty("conversationId").GetGuid() == conversation,
                    $"\"conversation\" event for the reply on the console on node {Index(nodes, survivors[i])}"),
                new ExpectedEvent("notification", a => a.GetProperty("conversationId").GetGuid() == conversation,
                    $"\"notification\" event for the supervisor's assignment on the console on node {Index(nodes, survivors[i])}"),
                new ExpectedEvent("conversation", c => c.GetProperty("conversationId").GetGuid() == second,
                    $"\"conversation\" event for the new conversation on the console on node {Index(nodes, survivors[i])}"),
            ], eventsTimeout.Token)));
            output.WriteLine($"Both surviving consoles had the reply, the assignment and the new conversation {clock.Elapsed.TotalSeconds:0.0} s after the kill.");

            // Some more mail after the resume, then everything delivered and acknowledged must be stored.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stopMail.CancelAsync();
            await delivery;
            await Task.WhenAll(senders);
            var survivorTags = survivors.Select(n => $"smtp-{Index(nodes, n)}-").ToList();
            var acknowledgedAfter = acknowledged.Count(id => !acknowledgedBefore.Contains(id) && survivorTags.Any(t => id.StartsWith(t, StringComparison.Ordinal)));
            Assert.True(await Eventually.HoldsAsync(async () => await StoredCountAsync(connectionString, mailboxId) >= delivered, TimeSpan.FromSeconds(120)),
                $"Not all {delivered} delivered messages were stored within 120 s:\n{heir.Output}");
            await Task.Delay(TimeSpan.FromSeconds(2)); // anything stored or sent twice would show now

            var stored = await StoredAsync(connectionString);
            output.WriteLine($"{delivered} delivered to Dovecot, {acknowledged.Count} acknowledged over SMTP ({acknowledgedAfter} after the kill, "
                + $"by the survivors), {stored.Count} distinct stored, {clock.Elapsed.TotalSeconds:0.0} s after the kill.");
            var missing = Enumerable.Range(0, delivered).Select(i => $"failover-{i}@example.org").Concat(acknowledged).Where(id => !stored.ContainsKey(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} delivered or acknowledged messages are not stored: {string.Join(", ", missing.Take(20))}\n{heir.Output}");
            Assert.All(stored, s => Assert.True(s.Value == 1, $"{s.Key} is stored {s.Value} times"));
            Assert.True(acknowledgedAfter > 0, "The surviving nodes acknowledged no SMTP mail after the kill.");

            var sent = await survivors[0].Http.GetFromJsonAsync<JsonElement>(
                $"/api/sandbox/messages?to={SupportDesk.Customer}&subject={Uri.EscapeDataString(firstSubject)}");
            Assert.Equal(1, sent.GetProperty("total").GetInt64());
            output.WriteLine($"The test took {run.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            await stopMail.CancelAsync();
            foreach (var stream in streams)
                stream.Dispose();
            foreach (var console in consoles)
                console.Dispose();
        }
    }

    private static int Index(IReadOnlyList<HostProcess> nodes, HostProcess node) => nodes.ToList().IndexOf(node);

    private static async Task<long> StoredCountAsync(string connectionString, Guid mailboxId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = mailboxId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many times each Message-ID of the test's mail (synced or over SMTP) is stored.</summary>
    private static async Task<Dictionary<string, long>> StoredAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT message_id, count(*) FROM channels.inbound_messages
            WHERE message_id LIKE 'failover-%' OR message_id LIKE 'smtp-%' GROUP BY message_id
            """, connection);
        var stored = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stored[reader.GetString(0)] = reader.GetInt64(1);
        return stored;
    }
}
