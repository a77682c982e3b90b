namespace MailHub.Campaigns.Sending;

/// <summary>A mailbox's pace: messages per minute and per UTC day, and the share of it kept for agents' replies.</summary>
[GenerateSerializer, Alias("MailHub.Campaigns.Sending.PaceLimits")]
internal sealed record PaceLimits([property: Id(0)] int PerMinute, [property: Id(1)] int PerDay, [property: Id(2)] double ReplyShare);

/// <summary>How many messages a campaign may hand to the outbox now, and when to ask again if not all.</summary>
[GenerateSerializer, Alias("MailHub.Campaigns.Sending.PaceGrant")]
internal sealed record PaceGrant([property: Id(0)] int Granted, [property: Id(1)] TimeSpan RetryAfter);

/// <summary>What the pace grain counts now (for the console and the tests).</summary>
[GenerateSerializer, Alias("MailHub.Campaigns.Sending.PaceState")]
internal sealed record PaceState([property: Id(0)] int BulkLastMinute, [property: Id(1)] int RepliesLastMinute, [property: Id(2)] int BulkToday,
    [property: Id(3)] int RepliesToday);

/// <summary>
/// One mailbox's pace across the cluster (key: the mailbox id): Orleans keeps one activation, so every node's campaigns
/// draw from the same budget. Agents' replies are counted as they enter the outbox and never wait; campaigns get what is
/// left after the replies' share.
/// </summary>
[Alias("MailHub.Campaigns.Sending.IMailboxPaceGrain")]
internal interface IMailboxPaceGrain : IGrainWithGuidKey
{
    /// <summary>Up to <paramref name="wanted"/> campaign messages, within <paramref name="limits"/>.</summary>
    [Alias("Take")]
    Task<PaceGrant> TakeAsync(int wanted, PaceLimits limits);

    /// <summary>A message that is not a campaign's (an agent's reply, a forward, a test) entered the outbox.</summary>
    [Alias("NoteReply")]
    Task NoteReplyAsync();

    [Alias("State")]
    Task<PaceState> StateAsync();
}
