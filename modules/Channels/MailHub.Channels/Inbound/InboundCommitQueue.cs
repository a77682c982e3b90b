using System.Threading.Channels;
using MailHub.Channels.Smtp;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SmtpServer.Protocol;

namespace MailHub.Channels.Inbound;

/// <summary>
/// Group commit: sessions queue their messages here and wait; a few workers each take whatever has
/// queued up (up to <c>MaxBatchMessages</c> / <c>MaxBatchBytes</c>), store it in one transaction with
/// synchronous_commit on, and only then release every session of that batch to say 250. While one
/// transaction waits for its WAL flush the next batch fills, so the cost of a flush is shared by
/// many messages instead of paid by each.
/// </summary>
internal sealed class InboundCommitQueue(
    InboundBatchWriter writer,
    IOptions<SmtpListenerOptions> options,
    ILogger<InboundCommitQueue> logger) : BackgroundService
{
    private readonly Channel<PendingMessage> _queue = Channel.CreateUnbounded<PendingMessage>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    /// <summary>Queues the message and waits until it is durable; returns the id it is stored under.</summary>
    /// <remarks>When <paramref name="cancellationToken"/> fires first the message is abandoned: a batch
    /// that has not taken it yet skips it, one that has marks it unacknowledged for the retry.</remarks>
    public async Task<Guid> StoreAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            await message.DisposeAsync();
            throw SmtpReplies.Refuse(421, "4.3.2", "Service shutting down, try again later");
        }

        await using var registration = cancellationToken.Register(
            static state => ((PendingMessage)state!).Outcome.TrySetCanceled(), message);
        return await message.Outcome.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.CommitWorkers)).Select(_ => WorkAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The listener stops first (registered after this), so what is left here is already abandoned.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Outcome.TrySetException(SmtpReplies.Refuse(421, "4.3.2", "Service shutting down, try again later"));
            await left.DisposeAsync();
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var limits = options.Value;
        var batch = new List<PendingMessage>(limits.MaxBatchMessages);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                long bytes = 0;
                while (batch.Count < limits.MaxBatchMessages && bytes < limits.MaxBatchBytes && _queue.Reader.TryRead(out var message))
                {
                    if (message.Abandoned)
                    {
                        await message.DisposeAsync(); // its client already heard 451 and will retry: store nothing
                        continue;
                    }
                    batch.Add(message);
                    bytes += message.Size;
                }

                if (batch.Count > 0)
                    await CommitAsync(batch);
                foreach (var message in batch)
                    await message.DisposeAsync();
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CommitAsync(List<PendingMessage> batch)
    {
        using var timeout = new CancellationTokenSource(options.Value.BatchTimeout);
        try
        {
            Release(batch, await writer.CommitAsync(batch, timeout.Token));
        }
        catch (PostgresException e) when (batch.Count > 1)
        {
            // Something in one message the database refused: store the others one by one, so that one
            // message cannot keep a whole batch of other clients' mail out.
            logger.LogWarning(e, "A batch of {Count} inbound messages failed; storing them one by one", batch.Count);
            foreach (var message in batch)
                await CommitAsync([message]);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not store {Count} inbound messages; their clients are told 451 and will retry", batch.Count);
            foreach (var message in batch)
                message.Outcome.TrySetException(new SmtpResponseException(SmtpReplies.NotStored));
        }
    }

    private void Release(List<PendingMessage> batch, IReadOnlyList<Guid> storedIds)
    {
        List<Guid>? late = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch[i].Outcome.TrySetResult(storedIds[i]))
                (late ??= []).Add(storedIds[i]);
        }

        if (late is not null)
            _ = MarkUnacknowledgedAsync(late);
    }

    // Clients whose timeout fired while their batch was committing: their rows exist, but they heard 451.
    private async Task MarkUnacknowledgedAsync(List<Guid> ids)
    {
        try
        {
            await writer.MarkUnacknowledgedAsync(ids, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Could not mark {Count} late inbound messages; a retry of them will be stored again", ids.Count);
        }
    }
}
