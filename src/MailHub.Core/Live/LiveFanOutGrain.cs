using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace MailHub.Core.Live;

/// <summary>
/// Broadcasts pushes to the subscribed nodes. State is the activation's own: when it moves (its node died, it was
/// collected) it starts a new epoch with no subscribers, and each node, renewing, learns it missed what went before.
/// The batches of the last <see cref="LiveOptions.Lapse"/> are kept and sent again to a node that (re)subscribes, so
/// what was published to a new activation before the nodes renewed still arrives (late, and after "resync").
/// Placed on the node that calls it first.
/// </summary>
[PreferLocalPlacement]
internal sealed class LiveFanOutGrain(IOptions<LiveOptions> options, TimeProvider time) : Grain, ILiveFanOutGrain
{
    private readonly Guid _epoch = Guid.NewGuid();
    private const int RetainedPushes = 20_000;

    private readonly Dictionary<ILiveNodeObserver, DateTimeOffset> _nodes = [];
    private readonly Queue<(DateTimeOffset At, LiveBatch Batch)> _retained = new();
    private int _retainedPushes;
    private long _sequence;

    public Task<LivePosition> SubscribeAsync(ILiveNodeObserver node)
    {
        Expire();
        var subscribed = _nodes.ContainsKey(node);
        _nodes[node] = time.GetUtcNow();
        if (!subscribed)
        {
            // The node skips what it already has (same epoch, numbers it has seen).
            foreach (var (_, batch) in _retained)
                _ = node.BroadcastAsync(batch);
        }
        return Task.FromResult(new LivePosition(_epoch, _sequence, subscribed));
    }

    public Task UnsubscribeAsync(ILiveNodeObserver node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    public Task PublishAsync(LivePush[] pushes)
    {
        if (pushes.Length == 0)
            return Task.CompletedTask;
        Expire();
        var batch = new LiveBatch(_epoch, ++_sequence, pushes);
        foreach (var node in _nodes.Keys)
            _ = node.BroadcastAsync(batch); // one-way: returns at once
        _retained.Enqueue((time.GetUtcNow(), batch));
        _retainedPushes += pushes.Length;
        return Task.CompletedTask;
    }

    // A node that stopped renewing (dead, cut off) is dropped; if it comes back, its renewal says it missed batches.
    private void Expire()
    {
        var cutOff = time.GetUtcNow() - options.Value.Lapse;
        foreach (var node in _nodes.Where(n => n.Value < cutOff).Select(n => n.Key).ToList())
            _nodes.Remove(node);
        while (_retained.TryPeek(out var oldest) && (oldest.At < cutOff || _retainedPushes > RetainedPushes))
        {
            _retained.Dequeue();
            _retainedPushes -= oldest.Batch.Pushes.Length;
        }
    }
}
