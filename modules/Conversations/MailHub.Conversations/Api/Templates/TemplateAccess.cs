using System.Security.Claims;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>
/// Who may use and who may write a canned reply: anyone uses everyone's, a team's agents theirs (admins and supervisors
/// every team's), an agent only their own personal ones. Admins and supervisors write everyone's and the teams'; an agent
/// writes only their own.
/// </summary>
internal sealed class TemplateAccess(IMemberDirectory directory)
{
    public async Task<TemplateReader> ReaderAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var id = user.AccountId();
        return new TemplateReader(id, user.SeesAllTeams(), user.SeesAllTeams() ? [] : await directory.DepartmentsOfAsync(id, cancellationToken));
    }

    /// <summary>Null when <paramref name="user"/> may write a template of this scope (owned by <paramref name="ownerId"/>), else the 403.</summary>
    public static IResult? RefusalToWrite(ClaimsPrincipal user, TemplateScope scope, Guid? ownerId) => scope switch
    {
        TemplateScope.Personal when ownerId != user.AccountId() =>
            Problems.Forbidden("This canned reply is another agent's own: only they change it."),
        TemplateScope.Team or TemplateScope.Shared when !user.SeesAllTeams() =>
            Problems.Forbidden("Team and shared canned replies are written by admins and supervisors: keep this one as your own (scope personal), or ask a supervisor."),
        _ => null,
    };

    /// <summary>Null when the team a team reply names is in the directory, else the 400.</summary>
    public async Task<IResult?> RefusalOfTeamAsync(TemplateScope scope, Guid? teamId, CancellationToken cancellationToken) =>
        scope == TemplateScope.Team && await directory.FindDepartmentAsync(teamId!.Value, cancellationToken) is null
            ? Problems.Invalid("teamId", $"There is no team {teamId}: teams are the departments at GET /api/directory/departments.")
            : null;
}
