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

/// <summary>A recipient's states: queued → sending (in the outbox) → sent | failed, sent → bounced (a DSN came back); suppressed or cancelled instead of sending.</summary>
internal static class RecipientStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Cancelled = "cancelled";
    public const string Bounced = "bounced";

    public static bool IsKnown(string status) => status is Queued or Sending or Sent or Failed or Suppressed or Cancelled or Bounced or "unsubscribed";
}

internal sealed record Campaign(Guid Id, string Name, Guid AudienceId, Guid MailboxId, string Subject, string? Html, string? Text,
    IReadOnlyDictionary<string, string> Defaults, int? PerMinute, DateTimeOffset? SendAt, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// A campaign's recipients by outcome. <c>queued</c> counts those not yet sent (waiting, or in the outbox);
/// <c>unsubscribed</c> those who unsubscribed through this campaign; <c>bounced</c> those a hard bounce came back for (they
/// were sent first). Opens and clicks are not tracked yet (0).
/// </summary>
internal sealed record CampaignCounts(long Total, long Queued, long Sent, long Failed, long Bounced, long Unsubscribed, long Suppressed,
    long Opened, long Clicked, long Cancelled);

/// <summary>One recipient as listed.</summary>
internal sealed record CampaignRecipient(Guid Id, string Email, string? Name, string Status, string? MessageId, int Attempts, string? Error,
    DateTimeOffset? EnqueuedAt, DateTimeOffset? SentAt, DateTimeOffset? UnsubscribedAt);
