namespace MailHub.Routing.Contracts;

/// <summary>
/// Assigning or transferring by hand as the assign and transfer endpoints do: the change in the conversation's grain, then
/// the team queues it lets move. For other modules' actions on many conversations (the list's bulk actions); the caller
/// checks who may do it, as those endpoints do.
/// </summary>
public interface IConversationHandOver
{
    Task<AssignOutcome> HandOverAsync(Guid conversationId, AssignCommand command, CancellationToken cancellationToken);
}
