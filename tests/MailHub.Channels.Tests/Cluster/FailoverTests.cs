using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;
using MailHub.Channels.Tests.Sync;
using MailHub.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// Two MailHub processes on one PostgreSQL and an IMAP mailbox on Dovecot with mail arriving all along: the node
/// syncing it is killed with SIGKILL in the middle of a sync, the other node resumes it, and every message
/// delivered to Dovecot is stored exactly once.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class FailoverTests(MailServersFixture peers, ITestOutputHelper output)
{
    private const string Address = "erin@test.local";
    private const int Seeded = 1500;

    [Fact]
    public async Task After_kill_9_of_the_node_syncing_a_mailbox_the_other_node_resumes_it_and_each_message_is_stored_once()
    {
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
        };
        var nodes = new[] { await HostProcess.StartAsync(connectionString, settings), await HostProcess.StartAsync(connectionString, settings) };
        try
        {
            foreach (var node in nodes)
                Assert.Equal(2, await ClusterMembershipTests.WaitForActiveSilosAsync(node, 2, TimeSpan.FromSeconds(30)));

            var response = await nodes[0].Http.PostAsJsonAsync("/api/channels/mailboxes", new
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
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, created.ToString());
            var mailboxId = Guid.Parse(created.GetProperty("id").GetString()!);

            // Mail keeps arriving in Dovecot, before, during and after the kill.
            var delivered = Seeded;
            using var stopDelivery = new CancellationTokenSource();
            var delivery = Task.Run(async () =>
            {
                while (!stopDelivery.IsCancellationRequested)
                {
                    await peers.SeedAsync("erin", [Message(delivered)]);
                    delivered++;
                    await Task.Delay(100, CancellationToken.None);
                }
            });

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await CountAsync(connectionString, mailboxId) < 300 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            var owner = nodes.Single(n => n.Output.Contains($"Syncing mailbox {Address}", StringComparison.Ordinal));
            var survivor = nodes.Single(n => n != owner);
            var before = await CountAsync(connectionString, mailboxId);
            Assert.True(before is >= 300 and < Seeded, $"{before} stored before the kill:\n{owner.Output}");
            owner.KillHard();
            var clock = Stopwatch.StartNew();

            deadline = DateTime.UtcNow.AddSeconds(60);
            while (!survivor.Output.Contains($"Syncing mailbox {Address}", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            var resumedAfter = clock.Elapsed;
            Assert.True(survivor.Output.Contains($"Syncing mailbox {Address}", StringComparison.Ordinal),
                $"The mailbox did not resume on the surviving node within 60 s:\n{survivor.Output}");
            var atResume = await CountAsync(connectionString, mailboxId);
            output.WriteLine($"Killed with {before} stored; resumed on the other node after {resumedAfter.TotalSeconds:0.0} s ({atResume} stored then).");

            // Some more mail after the resume, then everything delivered must arrive.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stopDelivery.CancelAsync();
            await delivery;
            deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountAsync(connectionString, mailboxId) < delivered && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            await Task.Delay(TimeSpan.FromSeconds(3)); // anything stored twice would show now

            var stored = await StoredAsync(connectionString, mailboxId);
            output.WriteLine($"{delivered} delivered, {stored.Count} distinct stored, {clock.Elapsed.TotalSeconds:0.0} s after the kill.");
            var missing = Enumerable.Range(0, delivered).Where(i => !stored.ContainsKey($"failover-{i}@example.org")).ToList();
            if (missing.Count > 0)
            {
                output.WriteLine("Missing: " + string.Join(",", missing));
                output.WriteLine(string.Join("\n", survivor.Output.Split('\n').Where(l => l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal) || l.Contains("Sync", StringComparison.Ordinal)).Take(60)));
            }
            Assert.All(Enumerable.Range(0, delivered), i => Assert.True(stored.ContainsKey($"failover-{i}@example.org"), $"failover-{i} missing\n{survivor.Output}"));
            Assert.Equal(delivered, stored.Count);
            Assert.All(stored, s => Assert.Equal(1, s.Value));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(string connectionString, Guid mailboxId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = mailboxId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<string, long>> StoredAsync(string connectionString, Guid mailboxId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT message_id, count(*) FROM channels.inbound_messages WHERE mailbox_id = $1 GROUP BY message_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = mailboxId });
        var stored = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stored[reader.GetString(0)] = reader.GetInt64(1);
        return stored;
    }
}
