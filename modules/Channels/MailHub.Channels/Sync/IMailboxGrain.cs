namespace MailHub.Channels.Sync;

/// <summary>
/// One mailbox's sync (key: the mailbox id). Orleans keeps exactly one activation of it in the cluster, so
/// exactly one node pulls the mailbox; when that node dies, the next ping activates it on a live node.
/// </summary>
public interface IMailboxGrain : IGrainWithGuidKey
{
    /// <summary>Keeps the sync running as the mailbox is saved now: starts it, restarts it after a change, stops it when disabled or deleted.</summary>
    Task PingAsync();

    /// <summary>Starts the sync again now, from a new connection, skipping the wait of a failure's back-off ("Reconnect").</summary>
    Task RestartAsync();

    /// <summary>Stops the sync and lets the activation go (the next ping starts it again if the mailbox still syncs).</summary>
    Task StopAsync();

    Task<MailboxGrainStatus> GetStatusAsync();
}

/// <summary>Where and whether a mailbox syncs, and what its sync last said (its status and message, as on the mailbox).</summary>
[GenerateSerializer, Alias("MailHub.Channels.Sync.MailboxGrainStatus")]
public sealed record MailboxGrainStatus(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Activation,
    [property: Id(2)] bool Syncing,
    [property: Id(3)] int Starts,
    [property: Id(4)] string? Status,
    [property: Id(5)] string? LastError);
