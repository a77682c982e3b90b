using MailHub.Core.Live;

namespace MailHub.Routing.Contracts;

/// <summary>What an agent is doing with a conversation, as others see it ("X is viewing", "X is replying").</summary>
public enum ConversationActivity
{
    /// <summary>No longer: the console left the conversation or closed.</summary>
    Left,
    Viewing,
    Replying,
}

/// <summary>
/// One agent (key: the member id): the consoles they have open on any node, presence (online when the first console
/// opens after they left, unless they were away; offline once the last console closed and
/// <c>MailHub:Routing:OfflineGrace</c> passed), their notifications pushed to those consoles, and which conversations
/// they are viewing or replying to. Presence, capacity and whether consoles are open (or since when none is) are kept
/// in <c>routing.agents</c>.
/// </summary>
[Alias("MailHub.Routing.Contracts.IAgentGrain")]
public interface IAgentGrain : IGrainWithGuidKey
{
    /// <summary>A console of the agent opened on the node <paramref name="node"/>.</summary>
    [Alias("Connect")]
    Task ConnectAsync(string connectionId, ILiveNodeObserver node);

    [Alias("Disconnect")]
    Task DisconnectAsync(string connectionId);

    /// <summary>
    /// The node's open consoles of the agent, renewed every live refresh interval (a console not renewed lapses: its
    /// node died). False when the grain did not know all of them (it was activated anew): they may have missed pushes.
    /// </summary>
    [Alias("Keep")]
    Task<bool> KeepAsync(ILiveNodeObserver node, string[] connectionIds);

    /// <summary>The console shows (or stopped showing) the conversation; everyone who may see it is told.</summary>
    [Alias("SetActivity")]
    Task SetActivityAsync(string connectionId, Guid conversationId, ConversationActivity activity);

    /// <summary>Pushes to the agent's consoles, on whichever nodes they are.</summary>
    [Alias("Push")]
    Task PushAsync(LivePush push);

    /// <summary>
    /// Keeps the grain running: a new activation (the old one's node died) goes on with the offline grace, or waits for
    /// the consoles the row says are open. Every node pings the agents whose row says so (PresenceSupervisor).
    /// </summary>
    [Alias("Ping")]
    Task PingAsync();

    /// <summary>Sets what is given (null keeps it); going offline hands conversations back, coming online takes from the queues.</summary>
    [Alias("SetPresence")]
    Task SetPresenceAsync(string? status, int? capacity);
}
