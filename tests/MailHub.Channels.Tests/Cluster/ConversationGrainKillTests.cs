using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using MailHub.Channels.Tests.Support;
using MailHub.Channels.Tests.Sync;
using MailHub.Conversations.Contracts;
using MailHub.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// Three MailHub processes on one PostgreSQL; the agent adds notes to one conversation through all three nodes at once
/// while the test holds the lock of the conversation's stream row, so the first note stops inside the conversation
/// grain's transaction and the others wait for the grain. The node running that transaction, the grain's node, is
/// killed with SIGKILL (a real crash: Orleans' TestCluster stops silos inside the test process, where a grain turn
/// under way and its database connection live on). Each note then either was answered once, or failed in a way the
/// client retries; after the retries every note is in the conversation's Marten stream exactly once, at consecutive
/// versions, and the conversation shows them once each.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class ConversationGrainKillTests(ITestOutputHelper output)
{
    private const int Notes = 9;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Notes_in_flight_when_the_node_of_their_conversations_grain_dies_are_stored_once_each_and_none_is_lost()
    {
        var run = Stopwatch.StartNew();
        var connectionString = await TestDatabase.CreateAsync("grainkill");
        await using var cluster = await HostCluster.StartAsync(connectionString, 3, new Dictionary<string, string>
        {
            ["MailHub__Smtp__ClaimCacheDuration"] = "00:00:01",
        });
        var nodes = cluster.Nodes;
        output.WriteLine($"Three nodes active after {run.Elapsed.TotalSeconds:0.0} s.");
        var desk = await SupportDesk.CreateAsync(nodes[1].Http, Guid.NewGuid().ToString("N")[..8]);
        var subject = $"退货 {Guid.NewGuid():N}";
        await desk.WriteAsync(nodes[1], subject, "我要退货。");
        var conversation = await desk.AssignedConversationAsync(nodes[1].Http, subject, Wait);
        var stream = ConversationEvents.StreamOf(conversation);

        await using var database = NpgsqlDataSource.Create(connectionString);
        var versionBefore = await ScalarAsync<long>(database, "SELECT version FROM events.mt_streams WHERE id = $1", stream);

        // The test holds the stream row: whichever note the grain takes first waits in its transaction, on its node.
        await using var holder = await database.OpenConnectionAsync();
        var holding = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM events.mt_streams WHERE id = $1 FOR UPDATE", holder, holding))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = stream });
            await lockRow.ExecuteScalarAsync();
        }
        var holderPid = holder.ProcessID;

        var texts = Enumerable.Range(0, Notes).Select(i => $"备注 {i} {Guid.NewGuid():N}").ToList();
        var clients = nodes.Select(n => desk.AgentOn(n.Http.BaseAddress!)).ToList();
        try
        {
            var firstTries = texts.Select((text, i) => TryNoteAsync(clients[i % nodes.Count], conversation, text)).ToList();
            var grainNode = await Eventually.GetAsync<string>(() => ScalarAsync<string?>(database,
                "SELECT application_name FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holderPid),
                "a note waiting for the stream row in the grain's transaction", Wait);
            var victim = Enumerable.Range(0, nodes.Count).Single(i => HostCluster.ApplicationName(i) == grainNode);
            await nodes[victim].KillHardAsync();
            var clock = Stopwatch.StartNew();
            await holding.RollbackAsync(); // the dead node's transaction can only roll back now

            var outcomes = await Task.WhenAll(firstTries);
            output.WriteLine($"Killed node {victim}, which ran the conversation's grain; the notes' first tries ended "
                + $"{string.Join(", ", outcomes.GroupBy(o => o.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "without an answer").Select(g => $"{g.Key} ×{g.Count()}"))} "
                + $"by {clock.Elapsed.TotalSeconds:0.0} s after the kill.");
            Assert.All(outcomes.Where(o => !o.Created), o => Assert.True(o.Retryable, $"A note failed in a way a client would not retry: {o.Describe()}"));

            // The client retries what failed, through a surviving node.
            var survivor = clients[(victim + 1) % nodes.Count];
            for (var i = 0; i < Notes; i++)
            {
                if (outcomes[i].Created)
                    continue;
                var text = texts[i];
                var retried = await Eventually.GetAsync<NoteOutcome>(async () => await TryNoteAsync(survivor, conversation, text) is { Created: true } ok ? ok : null,
                    $"note {i} accepted on a retry through a surviving node", Wait);
                Assert.True(retried.Created);
            }
            output.WriteLine($"{outcomes.Count(o => o.Created)} notes answered 201 at once, {outcomes.Count(o => !o.Created)} retried; "
                + $"all accepted {clock.Elapsed.TotalSeconds:0.0} s after the kill.");

            // The stream: each note exactly once, versions consecutive after what was there.
            var events = await StreamAsync(database, stream);
            var versions = events.Select(e => e.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
            Assert.Equal(versionBefore + Notes, versions[^1]);
            foreach (var text in texts)
                Assert.True(events.Count(e => e.Text == text) == 1, $"\"{text}\" is in the stream {events.Count(e => e.Text == text)} times.");

            // And the conversation shows each note once, on every surviving node.
            foreach (var client in clients.Where((_, i) => i != victim))
            {
                var detail = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/conversations/{conversation}");
                var shown = detail.GetProperty("messages").EnumerateArray().Select(m => m.ToString()).ToList();
                foreach (var text in texts)
                    Assert.True(shown.Count(m => m.Contains(text, StringComparison.Ordinal)) == 1, $"\"{text}\" is shown {shown.Count(m => m.Contains(text, StringComparison.Ordinal))} times.");
            }
            output.WriteLine($"The test took {run.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }

    /// <summary>One try at adding a note: created, or how it failed.</summary>
    private static async Task<NoteOutcome> TryNoteAsync(HttpClient client, Guid conversation, string text)
    {
        try
        {
            using var response = await client.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text });
            return new NoteOutcome(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response.Headers.RetryAfter is not null);
        }
        catch (HttpRequestException e)
        {
            return new NoteOutcome(null, "", e.HttpRequestError);
        }
    }

    private sealed record NoteOutcome(HttpStatusCode? Status, string Body, HttpRequestError? Error, bool RetryAfter = false)
    {
        public bool Created => Status == HttpStatusCode.Created;

        /// <summary>What a client retries: the node it asked went away, or the cluster said "try again" (503, with Retry-After).</summary>
        public bool Retryable => Error is not null || (Status == HttpStatusCode.ServiceUnavailable && RetryAfter);

        public string Describe() => Status is { } status ? $"{(int)status}{(Created ? "" : " " + Body)}" : $"no answer ({Error})";
    }

    private static async Task<List<(long Version, string? Text)>> StreamAsync(NpgsqlDataSource database, string stream)
    {
        await using var command = database.CreateCommand("SELECT version, data ->> 'text' FROM events.mt_events WHERE stream_id = $1 ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(long, string?)>();
        while (await reader.ReadAsync())
            events.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return events;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql, object value)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)result;
    }
}
