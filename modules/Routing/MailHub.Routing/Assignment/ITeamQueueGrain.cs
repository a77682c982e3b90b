namespace MailHub.Routing.Assignment;

/// <summary>
/// One team's queue (key: the team id): its round-robin turn. Orleans gives it one call at a time wherever the
/// callers run, so conversations arriving at once on several nodes still go round the team in turn.
/// </summary>
[Alias("MailHub.Routing.Assignment.ITeamQueueGrain")]
internal interface ITeamQueueGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The agent among the team's <paramref name="members"/> who takes the conversation by <paramref name="strategy"/>, a
    /// place reserved in that agent's grain; null when none is online with room. The team's turn moves to that agent.
    /// </summary>
    [Alias("Choose")]
    Task<Guid?> ChooseAsync(Guid conversationId, IReadOnlyList<Guid> members, string strategy);
}
