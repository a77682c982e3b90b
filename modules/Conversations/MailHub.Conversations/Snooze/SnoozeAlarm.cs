using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHub.Conversations.Snooze;

/// <summary>
/// Wakes snoozed conversations whose time has come. Every node runs one: each
/// <see cref="ConversationsOptions.SnoozeCheckInterval"/> it asks the list (an index of the snoozed ones by time) for those due
/// and has each conversation's grain open it. The due time is the list's row, rebuilt from the events, so it outlives any
/// node; that every node asks costs one indexed read each per interval, and the grain takes the calls in turn and wakes a
/// conversation once (a second call finds it open). Orleans reminders would need a reminder table of their own.
/// </summary>
internal sealed partial class SnoozeAlarm(ConversationQueries queries, IGrainFactory grains, TimeProvider clock,
    IOptions<ConversationsOptions> options, ILogger<SnoozeAlarm> logger) : BackgroundService
{
    private const int Page = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnoozeCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await WakeDueAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
