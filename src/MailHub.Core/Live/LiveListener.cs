using System.Threading.Channels;

namespace MailHub.Core.Live;

/// <summary>
/// One console on this node (an event stream or a SignalR connection): the pushes for it, in order. A console that
/// falls behind by more than <see cref="Capacity"/> pushes loses them and is told to re-read ("resync") instead.
/// Disposing it stops the delivery.
/// </summary>
public sealed class LiveListener : IDisposable
{
    public const int Capacity = 1000;

    private readonly Channel<LivePush> _pushes = Channel.CreateBounded<LivePush>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly Action<LiveListener> _remove;
    private int _overflowed;

    internal LiveListener(string connectionId, Guid memberId, Action<LiveListener> remove)
    {
        ConnectionId = connectionId;
        MemberId = memberId;
        _remove = remove;
    }

    public string ConnectionId { get; }

    public Guid MemberId { get; }

    internal void Write(LivePush push)
    {
        if (!_pushes.Writer.TryWrite(push))
            Interlocked.Exchange(ref _overflowed, 1);
    }

    /// <summary>The pushes from now on, with a "resync" wherever some had to be dropped.</summary>
    public async IAsyncEnumerable<LivePush> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _pushes.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_pushes.Reader.TryRead(out var push))
                yield return push;
            if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                yield return LivePush.Resync;
        }
    }

    public void Dispose()
    {
        _pushes.Writer.TryComplete();
        _remove(this);
    }
}
