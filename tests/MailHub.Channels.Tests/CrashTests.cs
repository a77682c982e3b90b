using System.Collections.Concurrent;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Channels.Tests;

/// <summary>A 250 means the mail is safe: the host killed with SIGKILL mid-load loses none of the mail it said 250 to.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task After_kill_9_mid_load_every_message_that_got_250_is_stored_exactly_once()
    {
        var connectionString = await TestDatabase.CreateAsync("crash");
        var acknowledged = new ConcurrentBag<string>();
        await using (var host = await HostProcess.StartAsync(connectionString))
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 20).Select(c => SmtpProbe.SendUntilRefusedAsync(host.SmtpPort, "sink@example.com", $"crash-{c}", acknowledged, TimeSpan.Zero, stop.Token)).ToList();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 400 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.True(acknowledged.Count >= 400, "the host did not take 400 messages in 60 s:\n" + host.Output);

            host.KillHard();
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using var db = NpgsqlDataSource.Create(connectionString);
        var stored = new Dictionary<string, long>();
        await using (var command = db.CreateCommand("SELECT message_id, count(*) FROM channels.inbound_messages GROUP BY message_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                stored[reader.GetString(0)] = reader.GetInt64(1);
        }

        var missing = acknowledged.Where(id => !stored.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged messages are missing, e.g. {missing.FirstOrDefault()}");
        Assert.All(stored, s => Assert.Equal(1, s.Value));
        Assert.True(stored.Count >= acknowledged.Count);
    }
}
