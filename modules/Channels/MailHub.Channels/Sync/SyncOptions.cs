namespace MailHub.Channels.Sync;

/// <summary>MailHub:Sync: how mailboxes are pulled.</summary>
internal sealed class SyncOptions
{
    public const string Section = "MailHub:Sync";

    /// <summary>false: this node pings no mailbox grain, so none is placed on it (others sync them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each node reads the list of mailboxes and pings every enabled one's grain.</summary>
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
