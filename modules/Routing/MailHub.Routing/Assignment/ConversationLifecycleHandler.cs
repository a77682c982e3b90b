using JasperFx.Events;
using MailHub.Conversations.Contracts;
using MailHub.Core.EventSourcing;

namespace MailHub.Routing.Assignment;

/// <summary>
/// The durable subscription that routes conversations as the Conversations module opens, closes and reopens them. Each
/// is a move in the conversation's grain (see <see cref="AssignmentEngine"/>); the subscription itself is no grain, so it
/// may wait on one.
/// </summary>
internal sealed class ConversationLifecycleHandler(AssignmentEngine engine) : IEventHandler
{
    public const string SubscriptionName = "routing.assignment";

    public static readonly Type[] HandledTypes = [typeof(ConversationOpened), typeof(ConversationClosed), typeof(ConversationReopened)];

    public async Task HandleAsync(IEvent recorded, CancellationToken cancellationToken)
    {
        try
        {
            await (recorded.Data switch
            {
                ConversationOpened opened => engine.OnOpenedAsync(opened, cancellationToken),
                ConversationClosed closed => engine.OnClosedAsync(closed.ConversationId, cancellationToken),
                ConversationReopened reopened => engine.OnReopenedAsync(reopened.ConversationId, cancellationToken),
                _ => Task.CompletedTask,
            });
        }
        catch (OrleansMessageRejectionException e)
        {
            // The grain's node is going away (until the cluster declares it dead, a few seconds): the subscription tries a
            // timeout again, where anything else would stop it at this event.
            throw new TimeoutException($"Routing could not reach a grain for event {recorded.Sequence}: {e.Message}", e);
        }
    }
}
