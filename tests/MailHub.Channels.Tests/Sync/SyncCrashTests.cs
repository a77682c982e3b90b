using MailHub.Channels.Tests.Support;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Channels.Tests.Sync;

/// <summary>A sync interrupted by SIGKILL and resumed after a restart stores every message exactly once.</summary>
[Collection(MailServersCollection.Name)]
public sealed class SyncCrashTests(MailServersFixture peers)
{
    private const int Messages = 2000;

    [Fact]
    public async Task After_kill_9_during_a_sync_of_2000_messages_a_restart_ends_with_each_message_exactly_once()
    {
        var date = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        await peers.SeedAsync("dave", Enumerable.Range(0, Messages).Select(i =>
            $"Return-Path: <sender{i % 7}@example.org>\nFrom: sender{i % 7}@example.org\nTo: dave@test.local\nSubject: crash sync {i}\n"
            + $"Date: {date}\nMessage-ID: <crash-sync-{i}@example.org>\n\n" + string.Concat(Enumerable.Repeat($"line of message {i}\n", 20))));

        var connectionString = await TestDatabase.CreateAsync("synccrash");
        var settings = new Dictionary<string, string>
        {
            // The restart takes the killed node's silo port: Orleans declares the older incarnation at that
            // address dead at once, instead of after probing it (tests/.../Cluster/FailoverTests.cs does that).
            ["MailHub__Cluster__SiloPort"] = HostProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["MailHub__Sync__ScanInterval"] = "00:00:01",
            ["MailHub__Sync__ImportThrottle"] = "00:00:00",
            ["MailHub__Sync__BatchSize"] = "25",
        };
        string mailboxId;
        await using (var first = await HostProcess.StartAsync(connectionString, settings))
        {
            var response = await first.Http.PostAsJsonAsync("/api/channels/mailboxes", new
            {
                name = "Dave",
                address = "dave@test.local",
                initialImport = new { mode = "recent", days = 3 },
                inbound = new
                {
                    protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "dave",
                    password = MailServersFixture.Password, acceptInvalidCertificate = true,
                },
            });
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, created.ToString());
            mailboxId = created.GetProperty("id").GetString()!;

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await CountAsync(connectionString, mailboxId) < 300 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            var before = await CountAsync(connectionString, mailboxId);
            Assert.True(before is >= 300 and < Messages, $"{before} stored before the kill:\n{first.Output}");
            first.KillHard();
        }

        await using (var second = await HostProcess.StartAsync(connectionString, settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountAsync(connectionString, mailboxId) < Messages && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            // A little longer: anything stored twice would show now.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.True(await CountAsync(connectionString, mailboxId) >= Messages, second.Output);
        }

        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(
            "SELECT message_id, count(*) FROM channels.inbound_messages WHERE mailbox_id = $1 GROUP BY message_id");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(mailboxId) });
        var stored = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                stored[reader.GetString(0)] = reader.GetInt64(1);
        }
        Assert.Equal(Messages, stored.Count);
        Assert.All(stored, s => Assert.Equal(1, s.Value));
        Assert.All(Enumerable.Range(0, Messages), i => Assert.True(stored.ContainsKey($"crash-sync-{i}@example.org")));
    }

    private static async Task<long> CountAsync(string connectionString, string mailboxId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM channels.inbound_messages WHERE mailbox_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(mailboxId) });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
