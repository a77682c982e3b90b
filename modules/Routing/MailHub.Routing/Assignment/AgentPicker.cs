using MailHub.People.Contracts;
using MailHub.Routing.Rules;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Chooses the agent of a team for a conversation: the team's <see cref="ITeamQueueGrain"/> goes round its members and
/// the first whose grain has a place for it takes it. The place is reserved when this answers: the caller gives it
/// back if its change does not commit.
/// </summary>
internal sealed class AgentPicker(IMemberDirectory directory, IGrainFactory grains)
{
    /// <summary>The agent to take the conversation, or null when none is online with room (it waits in the queue).</summary>
    public async Task<MemberRef?> PickAsync(Guid teamId, Guid conversationId, string strategy, CancellationToken cancellationToken)
    {
        if (strategy == RoutingStrategy.Manual)
            return null;
        var members = await directory.MembersOfDepartmentAsync(teamId, cancellationToken);
        if (members.Count == 0)
            return null;
        var chosen = await grains.GetGrain<ITeamQueueGrain>(teamId).ChooseAsync(conversationId, members.Select(m => m.Id).ToList(), strategy);
        return chosen is { } id ? members.First(m => m.Id == id) : null;
    }
}
