using MailHub.Conversations.Contracts;
using MailHub.Core.Events;

namespace MailHub.Routing.Assignment;

/// <summary>The durable subscription that routes conversations as the Conversations module opens, closes and reopens them.</summary>
internal sealed class ConversationLifecycleHandler(AssignmentEngine engine) : IEventHandler
{
    public const string SubscriptionName = "routing.assignment";

    public IReadOnlyCollection<string>? EventTypes { get; } = [ConversationEvents.Opened, ConversationEvents.Closed, ConversationEvents.Reopened];

    public Task HandleAsync(RecordedEvent recordedEvent, CancellationToken cancellationToken) =>
        ConversationEvents.TryRead(recordedEvent, out var conversationEvent)
            ? conversationEvent switch
            {
                ConversationOpened opened => engine.OnOpenedAsync(opened, cancellationToken),
                ConversationClosed closed => engine.OnClosedAsync(closed.ConversationId, cancellationToken),
                ConversationReopened reopened => engine.OnReopenedAsync(reopened.ConversationId, cancellationToken),
                _ => Task.CompletedTask,
            }
            : Task.CompletedTask;
}
