namespace MailHub.Routing.Assignment;

/// <summary>
/// One team's queue (key: the team id): its round-robin turn. Orleans gives it one call at a time wherever the
/// callers run, so conversations arriving at once on several nodes still go round the team in turn.
/// </summary>
[Alias("MailHub.Routing.Assignment.ITeamQueueGrain")]
internal interface ITeamQueueGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The agent to take the next conversation among <paramref name="available"/> (online, with room; the caller
    /// holds their rows locked), by <paramref name="strategy"/>; the team's turn moves to that agent.
    /// </summary>
    [Alias("Choose")]
    Task<Guid> ChooseAsync(IReadOnlyList<QueueCandidate> available, string strategy);
}

/// <summary>An agent who can take a conversation now: open conversations and when they last got one.</summary>
[GenerateSerializer, Alias("MailHub.Routing.Assignment.QueueCandidate")]
internal sealed record QueueCandidate([property: Id(0)] Guid AgentId, [property: Id(1)] long Open, [property: Id(2)] DateTimeOffset? LastAssignedAt);
