using System.Net;
using System.Net.Http.Json;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Conversations.Tests;

/// <summary>The node's LISTEN connection dies under an open event stream (a PostgreSQL restart, a network failure).</summary>
public sealed class LiveResyncTests(ConversationsHost host) : IClassFixture<ConversationsHost>
{
    [Fact]
    public async Task A_stream_whose_node_lost_its_listen_connection_gets_one_resync_and_then_hears_changes_again()
    {
        using var admin = await host.CreateClientAsync();
        var conversation = await host.DeliverConversationAsync(admin, "Live resync R1", "请回复");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await ServerSentEvents.OpenAsync(admin, "/api/events/stream", timeout.Token);

        await TerminateListenerAsync(timeout.Token);

        var resync = await stream.WaitForAsync("resync", _ => true, "\"resync\" event after the LISTEN connection was killed", timeout.Token);
        Assert.Contains("re-read the conversation list", resync.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The listener is back: a note added now arrives, and the gap brought no second resync.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "重连之后" })).StatusCode);
        while (true)
        {
            var (name, data) = await stream.NextAsync(timeout.Token);
            Assert.NotEqual("resync", name);
            if (name == "conversation" && data.GetProperty("conversationId").GetGuid() == conversation && data.GetProperty("change").GetString() == "note")
                break;
        }
    }

    /// <summary>
    /// Ends the host's listening backend, waiting until it listens. Only <c>PostgresNotifications</c> LISTENs
    /// quoted channel names (the event subscriptions and the sandbox do not), and only in this class's database.
    /// </summary>
    private async Task TerminateListenerAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                WITH listeners AS MATERIALIZED (
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN "%')
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int FROM listeners
                """, connection);
            var terminated = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            Assert.True(terminated <= 1, $"{terminated} listening backends: only the host's one should match.");
            if (terminated == 1)
                return;
            await Task.Delay(100, cancellationToken);
        }
    }
}
