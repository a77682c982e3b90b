using System.Collections.Concurrent;
using System.Net;
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
            var clients = Enumerable.Range(0, 20).Select(c => SendUntilRefusedAsync(host.SmtpPort, c, acknowledged, stop.Token)).ToList();

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

    // One connection sending one message after another until the host is gone; records each 250'd Message-ID.
    private static async Task SendUntilRefusedAsync(int port, int client, ConcurrentBag<string> acknowledged, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await SmtpProbe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
            {
                var id = $"crash-{client}-{n}@example.org";
                var message = $"From: load{client}@example.org\r\nTo: sink@example.com\r\nSubject: crash {client}/{n}\r\nMessage-ID: <{id}>\r\n\r\n"
                    + string.Concat(Enumerable.Repeat("0123456789abcdef 0123456789abcdef 0123456789abcdef 0123456789abcdef\r\n", 40));
                var reply = await probe.SendAsync($"load{client}@example.org", "sink@example.com", message);
                if (!reply.StartsWith("250 ", StringComparison.Ordinal))
                    return;
                acknowledged.Add(id);
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The host is gone.
        }
    }
}
