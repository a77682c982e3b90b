namespace MailHub.Conversations.Replies;

/// <summary>
/// The customer wrote after the newest message the agent saw while composing: the reply is refused (409) so the agent
/// reads it first, or sends anyway with force.
/// </summary>
[GenerateSerializer, Alias("MailHub.Conversations.Replies.NewerCustomerMessageException")]
internal sealed class NewerCustomerMessageException(Guid messageId, string? from, string? subject, string? excerpt, DateTimeOffset sentAt)
    : Exception($"{from} wrote at {sentAt:u} while you were composing: read it, then send again (or send anyway with force).")
{
    [Id(0)] public Guid MessageId { get; } = messageId;

    [Id(1)] public string? From { get; } = from;

    [Id(2)] public string? Subject { get; } = subject;

    [Id(3)] public string? Excerpt { get; } = excerpt;

    [Id(4)] public DateTimeOffset SentAt { get; } = sentAt;
}
