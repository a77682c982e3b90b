using MailHub.Routing.Presence;

namespace MailHub.Routing.Assignment;

/// <summary>
/// The places in agents' loads that one change of a conversation's assignment touches. The change reserves a place
/// before it commits (the team's grain picking an agent, or <see cref="HoldAsync"/> for an agent chosen by hand); once
/// it ended, <see cref="SettleAsync"/> gives back every place but the one of whoever has the conversation now: the
/// previous agent's after a move or close, and those reserved by a change that rolled back or was tried again.
/// </summary>
internal sealed class AgentSlots(IGrainFactory grains, Guid conversationId)
{
    private readonly HashSet<Guid> _taken = [];
    private Guid? _holder;

    /// <summary>Who had the conversation open when the change read it.</summary>
    public Guid? Before { get; private set; }

    /// <summary>The change read the locked row: <paramref name="agentId"/> has the conversation open (null: no one).</summary>
    public void Read(Guid? agentId) => Before = _holder = agentId;

    /// <summary>The change gives it to <paramref name="agentId"/> (null: no one), if it commits.</summary>
    public void GiveTo(Guid? agentId) => _holder = agentId;

    /// <summary>The team's grain reserved a place with this agent.</summary>
    public void Reserved(Guid agentId) => _taken.Add(agentId);

    /// <summary>Counts the conversation in the agent's load whatever their room (chosen by hand, or staying theirs).</summary>
    public async Task HoldAsync(Guid agentId)
    {
        if (agentId == Before)
            return;
        _taken.Add(agentId);
        await grains.GetGrain<IAgentLoadGrain>(agentId).HoldAsync(conversationId);
    }

    /// <summary>Gives back every place but the holder's: <paramref name="committed"/> false keeps the conversation where it was.</summary>
    public async Task SettleAsync(bool committed)
    {
        var holder = committed ? _holder : Before;
        var release = new HashSet<Guid>(_taken);
        if (Before is { } before)
            release.Add(before);
        release.RemoveWhere(agent => agent == holder);
        foreach (var agentId in release)
            await grains.GetGrain<IAgentLoadGrain>(agentId).ReleaseAsync(conversationId);
    }
}
