using MailHub.Routing.Contracts;

namespace MailHub.Routing.Presence;

/// <summary>
/// Who is viewing or replying to one conversation (key: the conversation id), so a console that opens it can ask
/// "who is here now" rather than wait for the next "activity" push. Fed by the agents' grains: on each change, and
/// again every live refresh interval while it lasts; an agent not renewed for a lapse (their grain's node died) drops out.
/// </summary>
[Alias("MailHub.Routing.Presence.IConversationViewersGrain")]
internal interface IConversationViewersGrain : IGrainWithGuidKey
{
    /// <summary>The agent's activity on the conversation now (<see cref="ConversationActivity.Left"/>: no longer here).</summary>
    [Alias("Set")]
    Task SetAsync(Guid agentId, string agentName, ConversationActivity activity);

    /// <summary>The agents on the conversation, longest there first.</summary>
    [Alias("List")]
    Task<ConversationViewer[]> ListAsync();
}

/// <summary>An agent on a conversation: viewing or replying, since when.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Presence.ConversationViewer")]
internal sealed record ConversationViewer(
    [property: Id(0)] Guid AgentId,
    [property: Id(1)] string AgentName,
    [property: Id(2)] ConversationActivity Activity,
    [property: Id(3)] DateTimeOffset Since);
