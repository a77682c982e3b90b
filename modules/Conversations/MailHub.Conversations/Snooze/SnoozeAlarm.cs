using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Core.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Snooze;

/// <summary>
/// Wakes snoozed conversations when their time comes. Every node runs one: it asks the list (an index of the snoozed
/// ones by time) for those due, has each conversation's grain open it, then sleeps until the next one is due, at most
/// <see cref="ConversationsOptions.SnoozeCheckInterval"/>. A snooze set through any node signals every node's alarm
/// (<see cref="SignalName"/>, a node signal of the live fan-out) to look again, so a conversation comes back on time even
/// when the node that snoozed it is gone; a lost signal costs at most one interval. The due time is the list's row, rebuilt from the events, so it outlives any node; the grain takes the calls in
/// turn and wakes a conversation once (a second call finds it open). Orleans reminders would need a reminder table of
/// their own.
/// </summary>
internal sealed partial class SnoozeAlarm(ConversationQueries queries, IGrainFactory grains, TimeProvider clock,
    IOptions<ConversationsOptions> options, ILogger<SnoozeAlarm> logger) : BackgroundService, INodeSignal
{
    /// <summary>The node signal a snooze publishes.</summary>
    public const string SignalName = "snoozed";

    public string Name => SignalName;
    private const int Page = 200;

    /// <summary>The shortest sleep: a due conversation that did not wake (its grain's node away) is asked for again after it.</summary>
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _nudged = new(0, 1);

    /// <summary>A conversation was snoozed (or pushes may have been missed): look again for the next due time.</summary>
    public void Raise()
    {
        if (_nudged.CurrentCount == 0)
        {
            try
            {
                _nudged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Nudged already.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await WakeDueAsync(stoppingToken);
                await _nudged.WaitAsync(await SleepAsync(stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Until the next conversation is due, within the check interval.</summary>
    private async Task<TimeSpan> SleepAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.SnoozeCheckInterval;
        try
        {
            if (await queries.NextSnoozeAsync(cancellationToken) is not { } next)
                return interval;
            var until = next - clock.GetUtcNow();
            return until < Shortest ? Shortest : until > interval ? interval : until;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
            return interval;
        }
    }

    private async Task WakeDueAsync(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<Guid> due;
            do
            {
                due = await queries.DueSnoozesAsync(clock.GetUtcNow(), Page, cancellationToken);
                var woken = await Task.WhenAll(due.Select(id => grains.GetGrain<IConversationCommandsGrain>(id).WakeAsync()));
                if (woken.Length > 0)
                    LogWoken(woken.Count(w => w));
            }
            while (due.Count == Page);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database or a grain's node is away: the next tick asks again.
            LogFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Snoozed conversations woken: {Count}")]
    private partial void LogWoken(int count);

    [LoggerMessage(LogLevel.Warning, "Waking snoozed conversations failed; trying again at the next check")]
    private partial void LogFailed(Exception e);
}
