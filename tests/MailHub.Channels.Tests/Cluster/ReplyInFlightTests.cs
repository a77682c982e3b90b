using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;
using MailHub.Channels.Tests.Sync;
using MailHub.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// Three MailHub processes on one PostgreSQL, each relaying outbound mail through an SMTP server of its own (a fake on
/// loopback, so the port a reply arrives on tells which node sends it). An agent's reply is in flight when the node
/// sending it is killed with SIGKILL: first while the server holds back its answer to the message data, then, for a
/// second reply, after the server accepted the message, while it holds back its answer to QUIT. Either way the
/// customer gets the reply exactly once, and the conversation shows it sent.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class ReplyInFlightTests(ITestOutputHelper output)
{
    private const string DeskAddress = "desk@example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private string? _stallAt;

    [Fact]
    public async Task A_reply_whose_node_is_killed_before_or_after_the_server_took_it_reaches_the_customer_once()
    {
        var run = Stopwatch.StartNew();
        var relays = Enumerable.Range(0, 3).Select(_ => new SmtpPeer("8BITMIME", "SMTPUTF8") { Holds = Stalls }).ToList();
        try
        {
            var connectionString = await TestDatabase.CreateAsync("replyinflight");
            var settings = new Dictionary<string, string>
            {
                ["MailHub__Outbound__Capture"] = "false",
                ["MailHub__Smtp__ClaimCacheDuration"] = "00:00:01",
            };
            await using var cluster = await HostCluster.StartAsync(connectionString, 3, settings, node => new Dictionary<string, string>
            {
                ["MailHub__Outbound__DefaultRelay__Host"] = "127.0.0.1",
                ["MailHub__Outbound__DefaultRelay__Port"] = relays[node].Port.ToString(CultureInfo.InvariantCulture),
                ["MailHub__Outbound__DefaultRelay__Security"] = "none",
            });
            var nodes = cluster.Nodes;
            output.WriteLine($"Three nodes active after {run.Elapsed.TotalSeconds:0.0} s.");

            var desk = await SupportDesk.CreateAsync(nodes[1].Http, Guid.NewGuid().ToString("N")[..8], DeskAddress);
            var subject = $"订单 {Guid.NewGuid():N} 没有收到";
            await desk.WriteAsync(nodes[1], subject, "你好，订单没有收到。");
            var conversation = await desk.AssignedConversationAsync(nodes[1].Http, subject, Wait);
            var alive = nodes.ToList();

            // 1. The node sending the reply dies while the server holds back its answer to the message data: the server
            //    never took the message (RFC 5321 §6.1: responsibility comes with the 250), so a survivor sends it.
            var (first, firstSender) = await ReplyAndKillAsync(desk, nodes, alive, relays, conversation, "DATA", "您好，包裹今天发出。");
            var firstCopies = await WaitSentAsync(desk, alive[0], relays, connectionString, conversation, first);
            Assert.True(firstCopies.Accepted.Count == 1,
                $"The customer got the reply {firstCopies.Accepted.Count} times after its node died mid-data; the relays took it through nodes "
                + string.Join(", ", firstCopies.Accepted));
            Assert.NotEqual(firstSender, firstCopies.Accepted[0]);
            Assert.Equal(1, firstCopies.Unanswered);
            output.WriteLine($"Reply 1: node {firstSender} killed with the server holding its answer to the data; node "
                + $"{firstCopies.Accepted[0]} sent it once, shown sent {firstCopies.SentAfter.TotalSeconds:0.0} s after the kill.");

            // 2. The node sending the next reply dies after the server accepted it, while the server holds back its
            //    answer to QUIT: the delivery was recorded before the goodbye, so nobody sends it again.
            var (second, secondSender) = await ReplyAndKillAsync(desk, nodes, alive, relays, conversation, "QUIT", "发票已经重开，请查收。");
            var secondCopies = await WaitSentAsync(desk, alive[0], relays, connectionString, conversation, second);
            Assert.True(secondCopies.Accepted.Count == 1,
                $"The customer got the reply {secondCopies.Accepted.Count} times after its node died saying goodbye; the relays took it through nodes "
                + string.Join(", ", secondCopies.Accepted));
            Assert.Equal(secondSender, secondCopies.Accepted[0]);
            Assert.Equal(0, secondCopies.Unanswered);
            output.WriteLine($"Reply 2: node {secondSender} killed after the server took it, holding its answer to QUIT; sent once, "
                + $"shown sent {secondCopies.SentAfter.TotalSeconds:0.0} s after the kill. The test took {run.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            foreach (var relay in relays)
                await relay.DisposeAsync();
        }
    }

    // The next reply of this stage the relays hold back; one stall per arming.
    private bool Stalls(string stage)
    {
        lock (_gate)
        {
            if (_stallAt != stage)
                return false;
            _stallAt = null;
            return true;
        }
    }

    /// <summary>
    /// Arms a stall at <paramref name="stage"/>, sends the agent's reply through the first live node, and kills the node
    /// whose relay stalls (whichever node's outbox took the row); it is removed from <paramref name="alive"/>.
    /// </summary>
    private async Task<(Guid Reply, int Sender)> ReplyAndKillAsync(SupportDesk desk, IReadOnlyList<HostProcess> nodes, List<HostProcess> alive,
        List<SmtpPeer> relays, Guid conversation, string stage, string text)
    {
        lock (_gate)
            _stallAt = stage;
        var stalled = relays.Sum(r => r.Held.Count);
        using var agent = desk.AgentOn(alive[0].Http.BaseAddress!);
        var response = await agent.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"The reply: {(int)response.StatusCode} {body}");
        var reply = body.GetProperty("id").GetGuid();

        var sender = await Eventually.GetAsync<int?>(() => Task.FromResult(relays.Sum(r => r.Held.Count) > stalled
            ? relays.FindIndex(r => r.Held.Any(h => h.Stage == stage && !h.HungUp.IsCompleted)) : (int?)null),
            $"a relay holding back its answer to {stage}", Wait) ?? throw new InvalidOperationException();
        await nodes[sender].KillHardAsync();
        alive.Remove(nodes[sender]);
        var held = relays[sender].Held.Last();
        await held.HungUp.WaitAsync(Wait); // the server saw its client go without an answer
        output.WriteLine($"Killed node {sender}, whose relay held back its answer to {stage}, {DateTime.UtcNow:HH:mm:ss.fff}.");
        return (reply, sender);
    }

    /// <summary>
    /// Waits until <paramref name="node"/> shows the reply sent and its outbox row is delivered (so nobody sends it
    /// again); then which nodes' relays answered 250 to it, and how many copies got no answer.
    /// </summary>
    private static async Task<Copies> WaitSentAsync(SupportDesk desk, HostProcess node, List<SmtpPeer> relays, string connectionString,
        Guid conversation, Guid reply)
    {
        var clock = Stopwatch.StartNew();
        using var agent = desk.AgentOn(node.Http.BaseAddress!);
        await Eventually.GetAsync<string>(async () =>
        {
            var detail = await agent.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
            return detail.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("id").GetGuid() == reply)
                .Select(m => m.GetProperty("delivery").GetProperty("state").GetString()).FirstOrDefault(s => s == "sent");
        }, $"the reply {reply} shown sent", Wait);
        var sentAfter = clock.Elapsed;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand("SELECT message_id, state FROM channels.outbox WHERE correlation_id = $1", connection);
        row.Parameters.Add(new NpgsqlParameter { Value = reply.ToString() });
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No outbox row for the reply {reply}.");
        var messageId = reader.GetString(0);
        Assert.Equal("delivered", reader.GetString(1));

        var accepted = relays.SelectMany((r, i) => r.Messages.Where(m => m.MessageId == messageId && m.Reply.StartsWith('2')).Select(_ => i)).ToList();
        var unanswered = relays.Sum(r => r.Messages.Count(m => m.MessageId == messageId && m.Reply.Length == 0));
        return new Copies(accepted, unanswered, sentAfter);
    }

    private sealed record Copies(IReadOnlyList<int> Accepted, int Unanswered, TimeSpan SentAfter);
}
