using System.Security.Claims;

namespace MailHub.Core.Accounts;

/// <summary>Reads the claims the host puts in the console's cookie and the bearer tokens (see the host's Api/Auth).</summary>
public static class CurrentUser
{
    /// <summary>The claim holding the id of the caller's server-side session (<see cref="AccountSessions"/>).</summary>
    public const string SessionClaim = "mailhub:session";

    /// <summary>The caller's session id, or null for a principal from before sessions (refused as signed out).</summary>
    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : null;

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
