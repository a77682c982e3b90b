using System.Security.Claims;

namespace MailHub.Core.Accounts;

/// <summary>Reads the claims the host puts in a bearer token (see the host's /api/auth/token).</summary>
public static class CurrentUser
{
    /// <summary>The account id of the caller; for a directory member it is also the member id.</summary>
    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The caller has no account id claim: is the endpoint authenticated?");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>
    /// Admins and supervisors see and act on every team's conversations (list, detail, replies, assignment, transfers,
    /// queues, live pushes); agents only their own teams'. The one question every team check asks first.
    /// </summary>
    public static bool SeesAllTeams(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor);
}
