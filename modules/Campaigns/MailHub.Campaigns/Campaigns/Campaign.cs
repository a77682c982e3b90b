namespace MailHub.Campaigns.Campaigns;

/// <summary>A campaign's states: draft → scheduled (send at a time) → sending ⇄ paused → done; cancelled from any but done.</summary>
internal static class CampaignStatus
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Paused = "paused";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A recipient's states: queued → sending (in the outbox) → sent | failed, sent → bounced (a DSN came back) or complained
/// (an ARF feedback report came back); suppressed or cancelled instead of sending. unsubscribed, opened and clicked are
/// not states but what happened after sending (their times), and filter the list all the same.
/// </summary>
internal static class RecipientStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Cancelled = "cancelled";
    public const string Bounced = "bounced";
    public const string Complained = "complained";

    /// <summary>Filters that are times rather than states.</summary>
    public const string Unsubscribed = "unsubscribed";
    public const string Opened = "opened";
    public const string Clicked = "clicked";

    public static bool IsKnown(string status) =>
        status is Queued or Sending or Sent or Failed or Suppressed or Cancelled or Bounced or Complained or Unsubscribed or Opened or Clicked;
}

/// <summary>A campaign. <see cref="MailboxIds"/> are the mailboxes it rotates over (1..N); <see cref="MailboxId"/> is the first.</summary>
internal sealed record Campaign(Guid Id, string Name, Guid AudienceId, IReadOnlyList<Guid> MailboxIds, string Subject, string? Html, string? Text,
    IReadOnlyDictionary<string, string> Defaults, int? PerMinute, DateTimeOffset? SendAt, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, bool TrackOpens = false, bool TrackClicks = false)
{
    public Guid MailboxId => MailboxIds[0];
}

/// <summary>
/// A campaign's recipients by outcome. <c>queued</c> counts those not yet sent (waiting, or in the outbox);
/// <c>unsubscribed</c> those who unsubscribed through this campaign; <c>bounced</c> those a hard bounce came back for (they
/// were sent first); <c>complained</c> those an ARF complaint came back for; <c>opened</c> and <c>clicked</c> those who
/// opened or clicked at least once (only for campaigns that track them).
/// </summary>
internal sealed record CampaignCounts(long Total, long Queued, long Sent, long Failed, long Bounced, long Unsubscribed, long Suppressed,
    long Opened, long Clicked, long Cancelled, long Complained = 0);

/// <summary>One recipient as listed.</summary>
internal sealed record CampaignRecipient(Guid Id, string Email, string? Name, string Status, string? MessageId, int Attempts, string? Error,
    DateTimeOffset? EnqueuedAt, DateTimeOffset? SentAt, DateTimeOffset? UnsubscribedAt, Guid? MailboxId, DateTimeOffset? ComplainedAt,
    DateTimeOffset? OpenedAt, DateTimeOffset? ClickedAt);
