namespace MailHub.Routing.Contracts;

/// <summary>
/// A change of who has a conversation that Routing makes by itself (not an agent's <see cref="AssignCommand"/>). Like an
/// assignment by hand it runs in the conversation's grain turn (Conversations' <c>IConversationGrain.RouteAsync</c>),
/// so it takes turns with the agents' commands on that conversation.
/// </summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.RoutingMove")]
public abstract record RoutingMove;

/// <summary>Routing first hears of the conversation: the first matching rule gives it to a team (its agent or queue) or an agent.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.RouteOnArrival")]
public sealed record RouteOnArrival(
    [property: Id(0)] Guid MailboxId,
    [property: Id(1)] string SenderAddress,
    [property: Id(2)] string Subject,
    [property: Id(3)] string? TextSnippet,
    [property: Id(4)] string? Language,
    [property: Id(5)] DateTimeOffset OpenedAt) : RoutingMove;

/// <summary>The conversation was closed: its agent's place is free again.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.RouteOnClose")]
public sealed record RouteOnClose : RoutingMove;

/// <summary>The conversation was reopened: it stays with its agent unless they are offline, else it is routed again.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.RouteOnReopen")]
public sealed record RouteOnReopen : RoutingMove;

/// <summary>Its agent went offline: back to the team's queue, if the agent still has it.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.HandBack")]
public sealed record HandBack([property: Id(0)] Guid AgentId) : RoutingMove;

/// <summary>An agent of the team may have room: the conversation leaves the team's queue if it still waits there and one has.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.TakeFromQueue")]
public sealed record TakeFromQueue([property: Id(0)] Guid TeamId) : RoutingMove;

public enum RoutingStatus
{
    /// <summary>The assignment changed (to an agent, or into a team's queue), or, closing and reopening, its state.</summary>
    Moved,

    /// <summary>Nothing to do: routing had seen it already, or it moved meanwhile.</summary>
    Unchanged,

    /// <summary>Taking it from the queue: no agent of the team is online with room, so it stays there (and so do those behind it).</summary>
    NoAgentFree,
}

/// <summary>What a <see cref="RoutingMove"/> did: the assignment as it is now, and who had the conversation before.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Contracts.RoutingOutcome")]
public sealed record RoutingOutcome(
    [property: Id(0)] RoutingStatus Status,
    [property: Id(1)] AssignmentSnapshot? Assignment,
    [property: Id(2)] Guid? PreviousAgentId);
