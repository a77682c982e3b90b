using JasperFx.Events;
using MailHub.Conversations.Contracts;
using MailHub.Core.EventSourcing;

namespace MailHub.Routing.Assignment;

/// <summary>The durable subscription that routes conversations as the Conversations module opens, closes and reopens them.</summary>
internal sealed class ConversationLifecycleHandler(AssignmentEngine engine) : IEventHandler
{
    public const string SubscriptionName = "routing.assignment";

    public static readonly Type[] HandledTypes = [typeof(ConversationOpened), typeof(ConversationClosed), typeof(ConversationReopened)];

    public Task HandleAsync(IEvent recorded, CancellationToken cancellationToken) => recorded.Data switch
    {
        ConversationOpened opened => engine.OnOpenedAsync(opened, cancellationToken),
        ConversationClosed closed => engine.OnClosedAsync(closed.ConversationId, cancellationToken),
        ConversationReopened reopened => engine.OnReopenedAsync(reopened.ConversationId, cancellationToken),
        _ => Task.CompletedTask,
    };
}
