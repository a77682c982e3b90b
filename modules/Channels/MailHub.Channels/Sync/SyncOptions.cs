namespace MailHub.Channels.Sync;

/// <summary>MailHub:Sync: how mailboxes are pulled.</summary>
internal sealed class SyncOptions
{
    public const string Section = "MailHub:Sync";

    /// <summary>false: this node syncs no mailbox (others may).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a node's claim on a mailbox lasts without renewal; another node takes over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and the list of mailboxes is read again.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a mailbox is checked when the server has no IDLE (IMAP) or at all (POP3).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait after a failure; it doubles on each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages fetched and stored per transaction.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The pause between batches of a first import of past mail, so a big mailbox does not hog the server.</summary>
    public TimeSpan ImportThrottle { get; set; } = TimeSpan.FromMilliseconds(200);
}
