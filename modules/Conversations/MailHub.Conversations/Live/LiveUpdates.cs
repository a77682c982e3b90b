using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using MailHub.Conversations.Domain;
using MailHub.Core.Events;

namespace MailHub.Conversations.Live;

/// <summary>
/// Conversation changes from every node (the read model's NOTIFY, sent on commit, reaches this node
/// through <see cref="PostgresNotifications"/>), fanned out to this node's open event streams.
/// </summary>
internal sealed class LiveUpdates : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Channel<LiveChange>> _listeners = new();
    private readonly IDisposable _subscription;

    public LiveUpdates(PostgresNotifications notifications) =>
        _subscription = notifications.Subscribe(ReadModel.NotifyChannel, (payload, _) =>
        {
            Publish(payload);
            return ValueTask.CompletedTask;
        });

    /// <summary>Changes from now on until the token ends the listening.</summary>
    public async IAsyncEnumerable<LiveChange> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        // A slow console loses the oldest changes rather than holding memory; it re-reads the list anyway.
        var channel = Channel.CreateBounded<LiveChange>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners[id] = channel;
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
                yield return change;
        }
        finally
        {
            _listeners.TryRemove(id, out _);
        }
    }

    public void Dispose() => _subscription.Dispose();

    private void Publish(string payload)
    {
        LiveChange? change;
        try
        {
            change = JsonSerializer.Deserialize<LiveChange>(payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (change is null)
            return;
        foreach (var listener in _listeners.Values)
            listener.Writer.TryWrite(change);
    }
}
