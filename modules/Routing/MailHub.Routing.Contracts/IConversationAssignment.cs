namespace MailHub.Routing.Contracts;

/// <summary>
/// Routing's part of an assignment or transfer. Only the conversation's grain calls it (Conversations'
/// <c>IConversationGrain.AssignAsync</c>), so it runs in turn with every other command on that conversation;
/// what follows from it (other conversations moving out of queues) is the caller's to start afterwards.
/// </summary>
public interface IConversationAssignment
{
    Task<AssignOutcome> ApplyAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken);
}
