using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Mailboxes;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Channels.Tests.Sync;

/// <summary>A folder renumbered by the server (new UIDVALIDITY) is synced again without storing anything twice.</summary>
[Collection(MailServersCollection.Name)]
public sealed class UidValidityTests(MailServersFixture peers, SyncHost host) : IClassFixture<SyncHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_a_UIDVALIDITY_change_the_same_messages_are_not_stored_again_and_new_ones_are()
    {
        var folder = await DovecotFolder.CreateAsync(peers, "bob", "renumber");
        using var client = await host.CreateClientAsync();
        var mailbox = await MailboxApi.CreateAsync(client, new
        {
            name = "Bob renumbered",
            address = "bob-renumber@test.local",
            inbound = new
            {
                protocol = "imap", host = "127.0.0.1", port = peers.ImapsPort, security = "ssl", username = "bob",
                password = MailServersFixture.Password, acceptInvalidCertificate = true, folders = new[] { folder.Name },
            },
        });
        var id = mailbox.GetProperty("id").GetString()!;
        await MailboxApi.WaitForStatusAsync(client, id, "idle", Wait);
        var first = DovecotFolder.Message("renumber 1", $"renumber-1-{Guid.NewGuid():N}@example.org");
        var second = DovecotFolder.Message("renumber 2", $"renumber-2-{Guid.NewGuid():N}@example.org");
        await folder.AppendAsync(first);
        await folder.AppendAsync(second);
        await MailboxApi.WaitForInboundAsync(client, id, "renumber", 2, Wait);
        var (oldValidity, _) = await folder.ReadAsync();
        Assert.Equal(oldValidity, await CheckpointAsync(id, folder.Name));

        // The server renumbers the folder: deleted and created again (as a restore from backup or a migration
        // would), holding the same two messages and one that arrived meanwhile.
        await folder.RecreateAsync();
        await folder.AppendAsync(first);
        await folder.AppendAsync(second);
        await folder.AppendAsync(DovecotFolder.Message("renumber 3", $"renumber-3-{Guid.NewGuid():N}@example.org"));
        var (newValidity, messages) = await folder.ReadAsync();
        Assert.NotEqual(oldValidity, newValidity);
        Assert.Equal(3, messages.Count);

        await MailboxApi.WaitForInboundAsync(client, id, "renumber 3", 1, Wait);
        // The sync has moved on to the new numbering...
        var deadline = DateTime.UtcNow + Wait;
        while (await CheckpointAsync(id, folder.Name) != newValidity && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(newValidity, await CheckpointAsync(id, folder.Name));
        // ...and after a few more passes each message is there once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/inbound/messages?mailbox={id}&limit=100");
        var subjects = list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["renumber 1", "renumber 2", "renumber 3"], subjects);
    }

    private async Task<uint?> CheckpointAsync(string mailboxId, string folder)
    {
        await using var db = await host.DatabaseAsync();
        await using var command = db.CreateCommand("SELECT uid_validity FROM channels.sync_folders WHERE mailbox_id = $1 AND folder = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(mailboxId) });
        command.Parameters.Add(new NpgsqlParameter { Value = folder });
        return await command.ExecuteScalarAsync() is long validity ? (uint)validity : null;
    }
}
