using System.Net.Http.Json;
using MailHub.Channels.Sync;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Channels.Tests.Sync;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// Two MailHub nodes (in this process, each with its own Orleans silo) on one PostgreSQL, and an IMAP mailbox on
/// Dovecot: whichever node asks, and however many ask at once, the mailbox's sync runs in one activation.
/// </summary>
[Collection(MailServersCollection.Name)]
public sealed class MailboxGrainTests(MailServersFixture peers) : IAsyncLifetime
{
    private readonly SyncHost _first = new();
    private SyncNode _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = new SyncNode(_first);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_pings_from_two_nodes_reach_one_activation_that_started_the_sync_once()
    {
        using var client = await _first.CreateClientAsync();
        using var secondClient = await _second.CreateClientAsync(); // starts the second node
        await WaitForActiveSilosAsync(2);

        var created = await MailboxApi.CreateAsync(client, new
        {
            name = "Frank",
            address = "frank@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "frank",
                password = MailServersFixture.Password, acceptInvalidCertificate = true,
            },
        });
        var id = Guid.Parse(created.GetProperty("id").GetString()!);
        var grains = new[] { Grains(_first), Grains(_second) };

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grains[i % 2].GetGrain<IMailboxGrain>(id).PingAsync()));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grains[i % 2].GetGrain<IMailboxGrain>(id).GetStatusAsync()));

        Assert.Single(statuses.Select(s => s.Activation).Distinct());
        Assert.Single(statuses.Select(s => s.Silo).Distinct());
        Assert.All(statuses, s => Assert.True(s.Syncing));
        Assert.All(statuses, s => Assert.Equal(1, s.Starts));
        await MailboxApi.WaitForStatusAsync(client, id.ToString(), "idle", TimeSpan.FromSeconds(20));

        // Disabling it (on the node that does not hold it, or does: either way) reaches the grain at once.
        var disabled = await secondClient.PutAsJsonAsync($"/api/channels/mailboxes/{id}", new
        {
            name = "Frank",
            address = "frank@test.local",
            enabled = false,
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "frank",
                acceptInvalidCertificate = true,
            },
        });
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        MailboxGrainStatus status;
        do
        {
            await Task.Delay(100);
            status = await grains[0].GetGrain<IMailboxGrain>(id).GetStatusAsync();
        }
        while (status.Syncing && DateTime.UtcNow < deadline);
        Assert.False(status.Syncing, "the disabled mailbox's grain still syncs");
    }

    private static IGrainFactory Grains(MailHubFactory node) => node.Services.GetRequiredService<IGrainFactory>();

    private async Task WaitForActiveSilosAsync(int count)
    {
        var membership = _first.Services.GetRequiredService<IClusterMembershipService>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < count && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(count, membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
    }

    /// <summary>Another node on the first one's database: the same cluster.</summary>
    private sealed class SyncNode(SyncHost first) : SyncHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:MailHub", first.ConnectionString);
        }
    }
}
