using System.Threading.Channels;
using MailHub.Core.Events;
using MailHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Core.Tests.Events;

public sealed class PostgresNotificationsTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync() => _dataSource = await TestDatabase.CreateMigratedAsync("notify");

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private PostgresNotifications Node() =>
        new(_dataSource, [new NotificationChannel("test_a"), new NotificationChannel("test_b")], NullLogger<PostgresNotifications>.Instance);

    [Fact]
    public async Task Every_node_hears_a_committed_notify_on_its_channel_in_order_and_nothing_of_a_rolled_back_one()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var nodeA = Node();
        using var nodeB = Node();
        var heardA = Channel.CreateUnbounded<string>();
        var heardB = Channel.CreateUnbounded<string>();
        var heardOther = Channel.CreateUnbounded<string>();
        using var a = nodeA.Subscribe("test_a", (payload, _) => heardA.Writer.WriteAsync(payload));
        using var b = nodeB.Subscribe("test_a", (payload, _) => heardB.Writer.WriteAsync(payload));
        using var other = nodeB.Subscribe("test_b", (payload, _) => heardOther.Writer.WriteAsync(payload));
        await nodeA.StartAsync(stop.Token);
        await nodeB.StartAsync(stop.Token);

        // Until both listen, a NOTIFY may go unheard: repeat a probe until each node heard one.
        await ProbeUntilHeardAsync(heardA, stop.Token);
        await ProbeUntilHeardAsync(heardB, stop.Token);

        await NotifyAsync("test_a", ["rolled back"], commit: false);
        await NotifyAsync("test_a", ["one", "two"], commit: true);
        await NotifyAsync("test_b", ["elsewhere"], commit: true);

        Assert.Equal(["one", "two"], [await NextAsync(heardA, stop.Token), await NextAsync(heardA, stop.Token)]);
        Assert.Equal(["one", "two"], [await NextAsync(heardB, stop.Token), await NextAsync(heardB, stop.Token)]);
        Assert.Equal("elsewhere", await NextAsync(heardOther, stop.Token));
        await nodeA.StopAsync(CancellationToken.None);
        await nodeB.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Subscribers_of_gaps_are_told_once_the_listener_is_back_after_its_connection_was_killed_and_not_on_the_first_connect()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var node = Node();
        var heard = Channel.CreateUnbounded<string>();
        var gaps = Channel.CreateUnbounded<bool>();
        using var subscription = node.Subscribe("test_a", (payload, _) => heard.Writer.WriteAsync(payload));
        using var gapSubscription = node.SubscribeGaps(_ => gaps.Writer.WriteAsync(true));
        await node.StartAsync(stop.Token);
        await ProbeUntilHeardAsync(heard, stop.Token);
        Assert.False(gaps.Reader.TryRead(out _), "The first connect is no gap.");

        Assert.Equal(1, await TerminateListenerAsync());

        Assert.True(await gaps.Reader.ReadAsync(stop.Token));
        // The listener came back: a notification sent now is heard, and no second gap was announced.
        await NotifyAsync("test_a", ["after the gap"], commit: true);
        Assert.Equal("after the gap", await NextAsync(heard, stop.Token));
        Assert.False(gaps.Reader.TryRead(out _), "One gap, one call.");
        await node.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_channel_that_was_not_registered_is_refused()
    {
        using var node = Node();
        Assert.Throws<InvalidOperationException>(() => node.Subscribe("test_c", (_, _) => ValueTask.CompletedTask));
    }

    private async Task ProbeUntilHeardAsync(Channel<string> heard, CancellationToken cancellationToken)
    {
        while (true)
        {
            await NotifyAsync("test_a", ["probe"], commit: true);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await heard.Reader.WaitToReadAsync(wait.Token);
                break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        // Drain the probes (both nodes may have heard several).
        await Task.Delay(200, cancellationToken);
        while (heard.Reader.TryRead(out _))
        {
        }
    }

    private static async Task<string> NextAsync(Channel<string> heard, CancellationToken cancellationToken)
    {
        string payload;
        do
            payload = await heard.Reader.ReadAsync(cancellationToken);
        while (payload == "probe"); // a late probe of the other node's warm-up
        return payload;
    }

    /// <summary>Ends this database's listening backend (the listener LISTENs its channels quoted), as a server restart would.</summary>
    private async Task<int> TerminateListenerAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            WITH listeners AS MATERIALIZED (
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN "%')
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int FROM listeners
            """);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task NotifyAsync(string channel, string[] payloads, bool commit)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var payload in payloads)
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction);
            notify.Parameters.Add(new() { Value = channel });
            notify.Parameters.Add(new() { Value = payload });
            await notify.ExecuteNonQueryAsync();
        }
        if (commit)
            await transaction.CommitAsync();
        else
            await transaction.RollbackAsync();
    }
}
