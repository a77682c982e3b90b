using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Sandbox;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>A host whose sandbox waiters look again only every ten minutes unless a capture wakes them; live renewals every second.</summary>
public sealed class SignalledSandboxHost : ChannelsHost
{
    public SignalledSandboxHost() => Signalled(Settings);

    public static void Signalled(IDictionary<string, string?> settings)
    {
        settings["MailHub:Sandbox:WaitRecheck"] = "00:10:00";
        settings["MailHub:Live:RefreshInterval"] = "00:00:01";
    }
}

/// <summary>
/// QA waits on whichever node its request reached; the capture may happen on another one. The capture's signal crosses
/// the cluster through the live fan-out grain (no LISTEN/NOTIFY): with the waiter's own re-check ten minutes away and
/// its timeout five, only that signal can answer it within the minute the test waits.
/// </summary>
public sealed class SandboxWaitAcrossNodesTests(SignalledSandboxHost nodeA) : IClassFixture<SignalledSandboxHost>
{
    [Fact]
    public async Task A_capture_committed_on_node_B_answers_a_wait_on_node_A()
    {
        using var client = await nodeA.CreateClientAsync();
        await using var nodeB = new SecondNode(nodeA);
        SignalledSandboxHost.Signalled(nodeB.Settings);
        var subject = "Order " + Guid.NewGuid().ToString("N")[..8] + " shipped";

        var services = await Task.Factory.StartNew(() => nodeB.Services, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A node joining may make the other's renewal find a gap, which wakes every waiter there: let that pass first.
        await Task.Delay(TimeSpan.FromSeconds(4));

        using var stop = new CancellationTokenSource();
        var waiting = client.GetAsync($"/api/sandbox/messages/wait?subject={Uri.EscapeDataString(subject)}&timeout=300", stop.Token);
        // Waiting (it looked once) before the capture: otherwise it would find the message on its first look.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);

        var store = services.GetRequiredService<SandboxStore>();
        await using (var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var content = System.Text.Encoding.UTF8.GetBytes(
                $"From: qa@sandbox.mailhub.test\r\nTo: buyer@example.org\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sandbox.mailhub.test>\r\n\r\nOn its way.\r\n");
            await store.CaptureAsync(transaction, null, null, "qa@sandbox.mailhub.test", ["buyer@example.org"], content, CancellationToken.None);
            await transaction.CommitAsync();
        }
        store.Captured();

        var answered = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(60))) == waiting;
        await stop.CancelAsync();
        Assert.True(answered, "The wait on node A was not woken by the capture on node B.");
        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(subject, captured.GetProperty("subject").GetString());
    }
}
