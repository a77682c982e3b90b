using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailHub.Core.Live;

/// <summary>
/// Hands pushes to the fan-out grain, in batches, off the writer's path: a writer calls <see cref="Publish"/> after
/// its transaction committed (a push never announces what a reader cannot see yet) and goes on. A batch the grain did
/// not take (its node just died: calls fail until the cluster declares it dead and the grain starts elsewhere) is sent
/// again, up to <see cref="Attempts"/> times a second apart; pushes dropped (the queue full, the attempts spent) are
/// followed by a "resync" to every console.
/// </summary>
public sealed partial class LivePublisher(IGrainFactory grains, ILogger<LivePublisher> logger) : BackgroundService
{
    private const int QueueLength = 10_000;
    private const int BatchSize = 500;
    private const int Attempts = 30;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<LivePush> _queue = Channel.CreateBounded<LivePush>(
        new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private int _lost;

    /// <summary>Queues a push for every node; call it after the change it tells of committed.</summary>
    public void Publish(LivePush push)
    {
        if (!_queue.Writer.TryWrite(push))
            Interlocked.Exchange(ref _lost, 1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LivePush>(BatchSize + 1);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                if (Interlocked.Exchange(ref _lost, 0) == 1)
                    batch.Add(LivePush.Resync);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var push))
                    batch.Add(push);
                LivePush[] pushes = [.. batch];
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await grains.GetGrain<ILiveFanOutGrain>(0).PublishAsync(pushes);
                        break;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        LogPublishFailed(e, pushes.Length, attempt);
                        if (attempt == Attempts)
                        {
                            // What the batch told is in the database: the consoles re-read it.
                            Interlocked.Exchange(ref _lost, 1);
                            break;
                        }
                        await Task.Delay(RetryDelay, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Warning, "Live updates: publishing {Count} pushes failed (attempt {Attempt})")]
    private partial void LogPublishFailed(Exception exception, int count, int attempt);
}
