namespace MailHub.Conversations.Replies;

/// <summary>
/// A reply, a reply to all or a forward, as the conversation's grain composes it (POST /api/conversations/{id}/replies
/// and /forwards).
/// </summary>
[GenerateSerializer, Alias("MailHub.Conversations.Replies.ReplyRequest")]
internal sealed record ReplyRequest(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? Html,
    [property: Id(2)] IReadOnlyList<string>? Cc,
    [property: Id(3)] IReadOnlyList<string>? Bcc,
    [property: Id(4)] IReadOnlyList<Guid>? Attachments,
    [property: Id(5)] bool? QuoteOriginal)
{
    /// <summary>A reply: instead of whoever the customer's message asked replies to go to. A forward: its recipients.</summary>
    [Id(6)] public IReadOnlyList<string>? To { get; init; }

    /// <summary>The customer's message's other recipients (To and Cc, not this mailbox) are copied.</summary>
    [Id(7)] public bool ReplyAll { get; init; }

    /// <summary>A forward of this message of the conversation (null: not a forward).</summary>
    [Id(8)] public Guid? ForwardMessageId { get; init; }

    /// <summary>A forward carries the original as a message/rfc822 attachment rather than quoted inline.</summary>
    [Id(9)] public bool AttachOriginal { get; init; }

    /// <summary>The request's Idempotency-Key: the same key from the same agent answers the first reply again.</summary>
    [Id(10)] public string? IdempotencyKey { get; init; }

    /// <summary>The newest message the agent saw while composing; a newer customer message refuses the reply unless <see cref="Force"/>.</summary>
    [Id(11)] public Guid? LastSeenMessageId { get; init; }

    [Id(12)] public bool Force { get; init; }

    public bool IsForward => ForwardMessageId is not null;

    /// <summary>What the agent wrote, as the draft it is given back as on undo.</summary>
    public Draft AsDraft() => new(IsForward ? DraftMode.Forward : ReplyAll ? DraftMode.ReplyAll : DraftMode.Reply,
        To ?? [], Cc ?? [], Bcc ?? [], Text, Html, Attachments ?? [], ForwardMessageId);
}

/// <summary>A reply recorded and held in the outbox until <paramref name="UndoUntil"/>; <paramref name="Repeated"/> when an Idempotency-Key named it.</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Replies.ReplyReceipt")]
internal sealed record ReplyReceipt([property: Id(0)] Guid MessageId, [property: Id(1)] DateTimeOffset UndoUntil, [property: Id(2)] bool Repeated);
