using Orleans.Placement;

namespace MailHub.Campaigns.Sending;

/// <summary>
/// One campaign's sending loop (key: the campaign id). Orleans keeps one activation in the cluster, so one node hands its
/// recipients to the outbox; when that node dies, the next ping (every node's <see cref="CampaignSupervisor"/>) starts it on
/// a live one, which goes on from the recipients still queued.
/// </summary>
[Alias("MailHub.Campaigns.Sending.ICampaignGrain")]
internal interface ICampaignGrain : IGrainWithGuidKey
{
    /// <summary>Starts the loop unless it runs; it ends by itself when the campaign is no longer sending or has no one left.</summary>
    [Alias("Ping")]
    Task PingAsync();
}

[PreferLocalPlacement]
internal sealed class CampaignGrain(CampaignSender sender) : Grain, ICampaignGrain
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public Task PingAsync()
    {
        if (_loop is { IsCompleted: false })
        {
            // A resume (or any ping) wakes a loop waiting for its pace: it looks at the campaign again now.
            if (_wake.CurrentCount == 0)
                _wake.Release();
            return Task.CompletedTask;
        }
        _stop?.Dispose();
        _stop = new CancellationTokenSource();
        var id = this.GetPrimaryKey();
        var stop = _stop.Token;
        // Off the grain's scheduler, as MailboxGrain runs its sync: calls into the grain stay answered.
        _loop = Task.Run(() => sender.RunAsync(id, _wake, stop), CancellationToken.None);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_stop is not null)
            await _stop.CancelAsync();
        if (_loop is not null)
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _stop?.Dispose();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
