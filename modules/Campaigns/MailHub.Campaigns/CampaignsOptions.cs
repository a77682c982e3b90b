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

    /// <summary>How often every node makes sure each campaign being sent has its grain running.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);
}
