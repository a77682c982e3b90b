using System.Security.Claims;
using MailHub.Core.Accounts;
using MailHub.People.Contracts;
using MailHub.Routing.Assignment;
using MailHub.Routing.Contracts;
using Npgsql;

namespace MailHub.Routing.Access;

/// <summary>
/// Admins and supervisors see every conversation (<see cref="CurrentUser.SeesAllTeams"/>). An agent sees a conversation assigned to them, one in a team
/// (department) they belong to, and one in no team at all (unrouted mail is everyone's to pick up).
/// </summary>
internal sealed class ConversationAccess(NpgsqlDataSource dataSource, AccountStore accounts, IMemberDirectory directory) : IConversationAccess
{
    public async Task<bool> CanSeeAsync(ClaimsPrincipal user, Guid conversationId, CancellationToken cancellationToken = default) =>
        user.SeesAllTeams() || await AgentCanSeeAsync(user.AccountId(), conversationId, cancellationToken);

    public async Task<bool> CanSeeAsync(Guid memberId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        var account = await accounts.FindAsync(memberId, cancellationToken);
        if (account is null || account.Disabled)
            return false;
        return Roles.SeesAllTeams(account.Role) || await AgentCanSeeAsync(memberId, conversationId, cancellationToken);
    }

    public async Task<IReadOnlySet<Guid>> VisibleAsync(ClaimsPrincipal user, IEnumerable<Guid> conversationIds,
        CancellationToken cancellationToken = default)
    {
        var visible = new HashSet<Guid>();
        foreach (var id in conversationIds)
            if (user.SeesAllTeams() || await AgentCanSeeAsync(user.AccountId(), id, cancellationToken))
                visible.Add(id);
        return visible;
    }

    private async Task<bool> AgentCanSeeAsync(Guid memberId, Guid conversationId, CancellationToken cancellationToken)
    {
        var row = await AssignmentRows.FindAsync(dataSource, conversationId, cancellationToken);
        if (row is null || row.AgentId == memberId || row.TeamId is null)
            return true; // not routed yet, theirs, or in no team
        return (await directory.DepartmentsOfAsync(memberId, cancellationToken)).Contains(row.TeamId.Value);
    }
}
