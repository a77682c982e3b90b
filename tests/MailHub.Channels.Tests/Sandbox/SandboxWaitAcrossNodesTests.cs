using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Sandbox;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHub.Channels.Tests.Sandbox;

/// <summary>A host whose sandbox waiters look again only every ten minutes unless a capture wakes them.</summary>
public sealed class SignalledSandboxHost : ChannelsHost
{
    public SignalledSandboxHost() => Settings["MailHub:Sandbox:WaitRecheck"] = "00:10:00";
}

/// <summary>
/// QA waits on whichever node its request reached; the capture may happen on another one. The capture's signal crosses
/// the cluster through the live fan-out grain (no LISTEN/NOTIFY): with the waiter's own re-check ten minutes away,
/// only that signal can answer it before the timeout.
/// </summary>
public sealed class SandboxWaitAcrossNodesTests(SignalledSandboxHost nodeA) : IClassFixture<SignalledSandboxHost>
{
    [Fact]
    public async Task A_capture_committed_on_node_B_answers_a_wait_on_node_A()
    {
        using var client = await nodeA.CreateClientAsync();
        await using var nodeB = new SecondNode(nodeA);
        nodeB.Settings["MailHub:Sandbox:WaitRecheck"] = "00:10:00";
        var subject = "Order " + Guid.NewGuid().ToString("N")[..8] + " shipped";

        var waiting = client.GetAsync($"/api/sandbox/messages/wait?subject={Uri.EscapeDataString(subject)}&timeout=60");
        // Started (and looked once) before the capture: otherwise it would find the message on its first look.
        var services = nodeB.Services;
        await Task.Delay(TimeSpan.FromSeconds(1));
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

        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captured = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(subject, captured.GetProperty("subject").GetString());
    }
}
