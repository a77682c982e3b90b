using Orleans.Concurrency;

namespace MailHub.Routing.Presence;

/// <summary>
/// An agent's capacity and current load (key: the member id; served by <see cref="AgentGrain"/>). The team queues ask
/// it for a place before giving the agent a conversation, so an agent in several teams is filled by one counter.
/// <para>
/// Every method interleaves with the agent's other calls: they never call another grain, so a chain that starts in
/// the agent's own turn (going offline hands conversations back through their grains and team queues, which release
/// and reserve places here) reaches them without waiting on itself.
/// </para>
/// </summary>
[Alias("MailHub.Routing.Presence.IAgentLoadGrain")]
internal interface IAgentLoadGrain : IGrainWithGuidKey
{
    /// <summary>Takes a place for the conversation if the agent is online with room (true also when it already has one).</summary>
    [AlwaysInterleave, Alias("TryReserve")]
    Task<bool> TryReserveAsync(Guid conversationId);

    /// <summary>Counts the conversation as the agent's though it may be past capacity: someone gave it to them by hand, or it stays theirs.</summary>
    [AlwaysInterleave, Alias("Hold")]
    Task HoldAsync(Guid conversationId);

    /// <summary>The conversation is no longer the agent's (closed, moved, or the change that reserved it did not commit).</summary>
    [AlwaysInterleave, Alias("Release")]
    Task ReleaseAsync(Guid conversationId);

    [AlwaysInterleave, Alias("GetLoad")]
    Task<AgentLoadView> GetLoadAsync();
}

/// <summary>An agent's load as the team queue weighs it (least-open picks by <see cref="Open"/>, then whoever got one least recently).</summary>
[GenerateSerializer, Alias("MailHub.Routing.Presence.AgentLoadView")]
internal sealed record AgentLoadView(
    [property: Id(0)] bool Online,
    [property: Id(1)] int Capacity,
    [property: Id(2)] int Open,
    [property: Id(3)] DateTimeOffset? LastGivenAt)
{
    public bool HasRoom => Online && Open < Capacity;
}
