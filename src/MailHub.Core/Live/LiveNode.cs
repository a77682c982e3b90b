using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Core.Live;

/// <summary>
/// This node's end of live updates: subscribed to the fan-out grain (renewed every
/// <see cref="LiveOptions.RefreshInterval"/>, since observers are not durable) and the object per-agent grains push
/// to; hands each push to the <see cref="LiveListener"/>s of this node's consoles, and each signal to this node's
/// <see cref="INodeSignal"/> of its name. Whenever the node may have missed pushes (a gap in the batch numbers, a new
/// fan-out activation, a lapsed or failed subscription) every console gets "resync" and every signal is raised.
/// </summary>
public sealed partial class LiveNode(IGrainFactory grains, IOptions<LiveOptions> options, IEnumerable<INodeSignal> signals, ILogger<LiveNode> logger)
    : BackgroundService, ILiveNodeObserver
{
    private static readonly TimeSpan MinimumCallTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<LiveListener, byte> _listeners = new();
    private readonly ILookup<string, INodeSignal> _signals = signals.ToLookup(s => s.Name, StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ILiveNodeObserver? _reference;
    private Guid _epoch;
    private long _received;
    private long _expected;
    private bool _subscribedOnce;
    private bool _failed;

    /// <summary>The reference grains call this node by.</summary>
    public ILiveNodeObserver Reference => _reference ?? throw new InvalidOperationException("Live updates have not started on this node.");

    private ILiveFanOutGrain FanOut => grains.GetGrain<ILiveFanOutGrain>(0);

    private TimeSpan CallTimeout => options.Value.RefreshInterval < MinimumCallTimeout ? MinimumCallTimeout : options.Value.RefreshInterval;

    /// <summary>The consoles connected to this node.</summary>
    public IEnumerable<LiveListener> Listeners => _listeners.Keys;

    /// <summary>Starts delivering to a console of <paramref name="memberId"/>; dispose the listener when it closes.</summary>
    public LiveListener Listen(string connectionId, Guid memberId)
    {
        var listener = new LiveListener(connectionId, memberId, l => _listeners.TryRemove(l, out _));
        _listeners[listener] = 0;
        return listener;
    }

    /// <summary>Tells the consoles of <paramref name="memberId"/> (every console when null) to re-read.</summary>
    public void Resync(Guid? memberId = null)
    {
        foreach (var listener in _listeners.Keys.Where(l => memberId is null || l.MemberId == memberId))
            listener.Write(LivePush.Resync);
    }

    public Task BroadcastAsync(LiveBatch batch)
    {
        bool missed;
        lock (_gate)
        {
            if (batch.Epoch == _epoch && batch.Sequence <= _received)
                return Task.CompletedTask; // sent again on a renewal: already delivered
            // The first batch of a new activation, or a number skipped: something went by unseen.
            missed = _subscribedOnce && (batch.Epoch != _epoch || batch.Sequence > _received + 1);
            _epoch = batch.Epoch;
            _received = batch.Sequence;
        }
        if (missed)
        {
            LogMissed(batch.Sequence);
            Resync();
            RaiseAll();
        }
        foreach (var push in batch.Pushes)
            Deliver(push);
        return Task.CompletedTask;
    }

    public Task PushAsync(LivePush push)
    {
        Deliver(push);
        return Task.CompletedTask;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ILiveNodeObserver>(this);
        // Subscribed before the host serves requests: consoles of this node hear every push from the start.
        await RenewAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FanOut.UnsubscribeAsync(Reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnsubscribeFailed(e); // it lapses anyway
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RenewAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync()
    {
        LivePosition position;
        try
        {
            // A call to a grain on a node that is going away can wait out Orleans' response timeout (30 s): give up sooner.
            position = await FanOut.SubscribeAsync(Reference).WaitAsync(CallTimeout);
        }
        catch (Exception e)
        {
            // The fan-out grain's node may have just died; the next renewal reaches its new activation.
            LogRenewFailed(e);
            lock (_gate)
                _failed = true;
            return;
        }
        bool missed;
        lock (_gate)
        {
            missed = _failed
                || (_subscribedOnce && (!position.WasSubscribed || position.Epoch != _epoch))
                // A batch numbered at the last renewal has not come since: lost on the way (one-way calls are not retried).
                || (position.Epoch == _epoch && _received < _expected);
            _failed = false;
            if (position.Epoch != _epoch && _subscribedOnce)
            {
                // A new activation: its retained batches, sent before this answer, are on their way (or here).
                _epoch = position.Epoch;
                _received = 0;
            }
            else if (position.Epoch != _epoch)
            {
                _epoch = position.Epoch;
                _received = position.Sequence; // the first subscription: what went before is not this node's
            }
            _expected = position.Sequence;
            _subscribedOnce = true;
        }
        if (missed)
        {
            LogResubscribed(position.WasSubscribed);
            Resync();
            RaiseAll();
        }
    }

    private void Deliver(LivePush push)
    {
        if (push.ForNodes)
        {
            foreach (var signal in _signals[push.Event])
                signal.Raise();
            return;
        }
        if (push.Event == LivePush.Resync.Event && push.AgentId is null)
            RaiseAll(); // a publisher dropped pushes: signals may be among them
        foreach (var listener in _listeners.Keys)
        {
            if (push.AgentId is null || push.AgentId == listener.MemberId)
                listener.Write(push);
        }
    }

    // What a missed batch may have carried: every waiter looks again.
    private void RaiseAll()
    {
        foreach (var signal in _signals.SelectMany(g => g))
            signal.Raise();
    }

    [LoggerMessage(LogLevel.Information, "Live updates: batch {Sequence} came after a gap; telling this node's consoles to re-read")]
    private partial void LogMissed(long sequence);

    [LoggerMessage(LogLevel.Information, "Live updates: subscription renewed after a gap (was subscribed: {WasSubscribed}); telling this node's consoles to re-read")]
    private partial void LogResubscribed(bool wasSubscribed);

    [LoggerMessage(LogLevel.Warning, "Live updates: renewing the subscription failed; trying again at the next interval")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(LogLevel.Debug, "Live updates: unsubscribing on stop failed")]
    private partial void LogUnsubscribeFailed(Exception exception);
}
