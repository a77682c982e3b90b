namespace MailHub.Campaigns;

/// <summary>MailHub:Campaigns.</summary>
internal sealed class CampaignsOptions
{
    public const string Section = "MailHub:Campaigns";

    /// <summary>The largest audience file accepted.</summary>
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>The most rows one audience file may have.</summary>
    public int MaxAudienceRows { get; set; } = 200_000;

    /// <summary>A mailbox's pace for campaigns when it has none of its own (PUT /api/campaigns/pace/{mailboxId}).</summary>
    public int PerMinute { get; set; } = 60;

    public int PerDay { get; set; } = 5_000;

    /// <summary>The share of a mailbox's pace kept for agents' replies: a campaign takes at most the rest.</summary>
    public double ReplyShare { get; set; } = 0.2;

    /// <summary>Recipients handed to the outbox per round of a campaign's loop.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Soft bounces (4.x.x) of one address after which it is suppressed as bounced.</summary>
    public int SoftBounceLimit { get; set; } = 3;

    /// <summary>
    /// The address of the List-Unsubscribe mailto. Empty (the default): the sending mailbox's own address, the one address
    /// sure to reach MailHub (the mailbox is synced or on the SMTP listener); the subject carries the signed token, since not
    /// every provider delivers plus addresses (user+tag@). Set it to an address whose mail reaches MailHub (a mailbox, or an
    /// accepted domain of the SMTP listener) to keep these mails out of the sending mailbox.
    /// </summary>
    public string? UnsubscribeAddress { get; set; }

    /// <summary>How often every node makes sure each campaign being sent has its grain running.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);
}
