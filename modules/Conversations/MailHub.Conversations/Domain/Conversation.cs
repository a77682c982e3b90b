using MailHub.Conversations.Contracts;

namespace MailHub.Conversations.Domain;

/// <summary>A conversation's state as its stream tells it: what commands need to decide.</summary>
internal sealed class Conversation
{
    public Guid Id { get; private set; }
    public long Number { get; private set; }
    public Guid MailboxId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string Status { get; private set; } = ConversationStatus.Open;
    public DateTimeOffset? ClosedAt { get; private set; }
    public IReadOnlyList<string> Tags { get; private set; } = [];
    public string Priority { get; private set; } = Domain.Priority.Normal;
    public DateTimeOffset? SnoozedUntil { get; private set; }
    public Guid? MergedInto { get; private set; }
    public long Version { get; private set; }

    /// <summary>Replies by id, with their current delivery state.</summary>
    public Dictionary<Guid, string> Replies { get; } = [];

    public bool Exists => Version > 0;

    public static Conversation From(IEnumerable<object> history)
    {
        var conversation = new Conversation();
        foreach (var change in history)
            conversation.Apply(change);
        return conversation;
    }

    public void Apply(object change)
    {
        Version++;
        switch (change)
        {
            case ConversationOpened e:
                (Id, Number, MailboxId, CustomerId, Status) = (e.ConversationId, e.Number, e.MailboxId, e.CustomerId, ConversationStatus.Open);
                break;
            case ConversationClosed e:
                (Status, ClosedAt, SnoozedUntil) = (ConversationStatus.Closed, e.At, null);
                break;
            case ConversationReopened:
                (Status, ClosedAt, SnoozedUntil) = (ConversationStatus.Open, null, null);
                break;
            case StatusChanged e:
                (Status, SnoozedUntil) = (e.Status, null);
                break;
            case ConversationSnoozed e:
                (Status, SnoozedUntil) = (ConversationStatus.Snoozed, e.Until);
                break;
            case SnoozeEnded:
                (Status, SnoozedUntil) = (ConversationStatus.Open, null);
                break;
            case TagsChanged e:
                Tags = e.Tags;
                break;
            case PriorityChanged e:
                Priority = e.Priority;
                break;
            case ConversationMerged e:
                MergedInto = e.Into;
                break;
            case ReplyComposed e:
                Replies[e.MessageId] = DeliveryState.Queued;
                break;
            case ReplyDeliveryChanged e:
                Replies[e.MessageId] = e.State;
                break;
            case ReplyWithdrawn e:
                Replies[e.MessageId] = DeliveryState.Withdrawn;
                break;
        }
    }
}
