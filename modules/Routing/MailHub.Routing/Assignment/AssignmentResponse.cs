using MailHub.People.Contracts;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Assignment;

/// <summary>An agent or team named in an assignment, with its name from the directory.</summary>
internal sealed record AssignmentParty(Guid Id, string Name);

/// <summary>Who has a conversation: assignee and team (both null: unassigned; team only: in the team's queue), state and version.</summary>
internal sealed record AssignmentResponse(Guid ConversationId, AssignmentParty? Assignee, AssignmentParty? Team, string State, long Version,
    Guid MailboxId, DateTimeOffset OpenedAt)
{
    private const string Gone = "(no longer in the directory)";

    public static async Task<AssignmentResponse> OfAsync(AssignmentSnapshot row, IMemberDirectory directory, CancellationToken cancellationToken)
    {
        AssignmentParty? assignee = null, team = null;
        if (row.AgentId is { } agentId)
            assignee = new AssignmentParty(agentId, (await directory.FindMemberAsync(agentId, cancellationToken))?.Name ?? Gone);
        if (row.TeamId is { } teamId)
            team = new AssignmentParty(teamId, (await directory.FindDepartmentAsync(teamId, cancellationToken))?.Name ?? Gone);
        return new AssignmentResponse(row.ConversationId, assignee, team, row.State, row.Version, row.MailboxId, row.OpenedAt);
    }
}
