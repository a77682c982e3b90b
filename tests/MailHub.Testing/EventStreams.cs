using JasperFx.Events;
using Marten;

namespace MailHub.Testing;

/// <summary>Reading and writing event streams from tests, as the modules do, through Marten.</summary>
public static class EventStreams
{
    public static async Task<IReadOnlyList<IEvent>> ReadStreamAsync(this IDocumentStore store, string streamId)
    {
        await using var session = store.QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    /// <summary>The stream's events' bodies, in order.</summary>
    public static async Task<IReadOnlyList<T>> ReadStreamAsync<T>(this IDocumentStore store, string streamId) =>
        [.. (await store.ReadStreamAsync(streamId)).Select(e => e.Data).OfType<T>()];

    public static async Task StartStreamAsync(this IDocumentStore store, string streamId, params object[] events)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(streamId, events);
        await session.SaveChangesAsync();
    }

    public static async Task AppendAsync(this IDocumentStore store, string streamId, params object[] events)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(streamId, events);
        await session.SaveChangesAsync();
    }
}
