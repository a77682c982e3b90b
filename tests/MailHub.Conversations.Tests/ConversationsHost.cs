using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MailHub.Channels.Contracts;
using MailHub.Core.Events;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Conversations.Tests;

/// <summary>
/// The real host with Channels played by fakes: received mail is stored here and announced with the real
/// MessageReceived event; the outbox keeps what it was given.
/// </summary>
public sealed class ConversationsHost : MailHubFactory
{
    public static readonly Guid MailboxId = Guid.Parse("0190aaaa-0000-7000-8000-000000000001");
    public const string MailboxAddress = "support@shop.example";

    internal FakeChannels Channels { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IMailboxDirectory>(Channels);
            services.AddSingleton<IInboundMessages>(Channels);
            services.AddSingleton<IOutbox>(Channels);
        });
    }

    /// <summary>Stores the message and appends MessageReceived, as the SMTP listener does.</summary>
    public async Task<Guid> DeliverAsync(byte[] raw, string mailFrom = "customer@example.com", string rcptTo = MailboxAddress)
    {
        var id = Guid.CreateVersion7();
        Channels.Raw[id] = raw;
        var received = new MessageReceived(id, MailboxId, Convert.ToHexStringLower(SHA256.HashData(raw)), null, DateTimeOffset.UtcNow,
            mailFrom, [rcptTo], null, raw.Length, false);
        await Services.GetRequiredService<EventStore>().AppendAsync(MessageReceived.StreamOf(id), ExpectedVersion.NoStream,
            [EventData.From(MessageReceived.EventType, received)]);
        return id;
    }

    public async Task AppendAsync<T>(string stream, string type, T data) =>
        await Services.GetRequiredService<EventStore>().AppendAsync(stream, ExpectedVersion.Any, [EventData.From(type, data)]);

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited 20 s for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>The conversation (detail JSON) whose messages include one matching the predicate.</summary>
    public static Task<JsonElement> ConversationWithAsync(HttpClient client, Func<JsonElement, bool> message, string what) =>
        EventuallyAsync<JsonElement?>(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=200");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{item.GetProperty("id").GetGuid()}");
                if (detail.GetProperty("messages").EnumerateArray().Any(message))
                    return detail;
            }
            return null;
        }, what).ContinueWith(t => t.Result!.Value, TaskScheduler.Default);
}

internal sealed class FakeChannels : IMailboxDirectory, IInboundMessages, IOutbox
{
    public ConcurrentDictionary<Guid, byte[]> Raw { get; } = new();

    public ConcurrentQueue<(Guid Id, OutboundMessage Message)> Sent { get; } = new();

    public Task<MailboxInfo?> FindAsync(Guid mailboxId, CancellationToken cancellationToken = default) =>
        Task.FromResult(mailboxId == ConversationsHost.MailboxId
            ? new MailboxInfo(mailboxId, "Support", ConversationsHost.MailboxAddress, "Shop Support", true, true, true)
            : null);

    public Task<Stream?> OpenRawAsync(Guid inboundMessageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(Raw.TryGetValue(inboundMessageId, out var raw) ? new MemoryStream(raw) : null);

    public Task<Guid> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        Sent.Enqueue((id, message));
        return Task.FromResult(id);
    }

    public Task<Guid> EnqueueAsync(Npgsql.NpgsqlTransaction transaction, OutboundMessage message, CancellationToken cancellationToken = default) =>
        EnqueueAsync(message, cancellationToken);
}
