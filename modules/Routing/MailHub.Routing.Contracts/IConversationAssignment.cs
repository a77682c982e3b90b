namespace MailHub.Routing.Contracts;

/// <summary>
/// Routing's part of every change of who has a conversation. Only the conversation's grain calls it (Conversations'
/// <c>IConversationGrain</c>), so it runs in turn with every other command on that conversation; what follows from it
/// (other conversations moving out of queues) is the caller's to start afterwards, outside that turn.
/// </summary>
public interface IConversationAssignment
{
    /// <summary>An assignment or transfer by hand.</summary>
    Task<AssignOutcome> ApplyAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken);

    /// <summary>A move Routing makes by itself: on arrival, close and reopen, hand-back, from the team's queue.</summary>
    Task<RoutingOutcome> RouteAsync(Guid conversationId, RoutingMove move, CancellationToken cancellationToken);
}
