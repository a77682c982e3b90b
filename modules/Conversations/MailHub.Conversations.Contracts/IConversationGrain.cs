using MailHub.Routing.Contracts;

namespace MailHub.Conversations.Contracts;

/// <summary>
/// The one writer of a conversation (key: the conversation id). Orleans keeps one activation of it in the cluster
/// and runs its calls one at a time, so commands on one conversation from any node take turns. This is what other
/// modules may ask of it; the Conversations module's own commands (replies, notes, status, inbound mail) are beside it.
/// </summary>
[Alias("MailHub.Conversations.Contracts.IConversationGrain")]
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Assigns or transfers the conversation: Routing's <see cref="IConversationAssignment"/>, in this grain's turn.</summary>
    [Alias("Assign")]
    Task<AssignOutcome> AssignAsync(AssignCommand command);

    /// <summary>A move Routing makes by itself (on arrival, close, reopen, hand-back, from a queue), in this grain's turn.</summary>
    [Alias("Route")]
    Task<RoutingOutcome> RouteAsync(RoutingMove move);

    /// <summary>Adds a routing rule's tags and sets its priority, in this grain's turn; what is already so changes nothing.</summary>
    [Alias("Organize")]
    Task OrganizeAsync(RuleOrganizing organizing);
}
