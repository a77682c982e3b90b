using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MailHub.Core.Audit;

/// <summary>
/// One line of the audit log as it is written: who (account id and e-mail; for a failed sign-in, the e-mail tried),
/// what (<see cref="Action"/>: the endpoint's operation name, e.g. <c>UpdateMailbox</c>, or <c>SignIn</c>,
/// <c>SignInFailed</c>, <c>SignOut</c>, <c>ChangePassword</c>, <c>ResetPassword</c>), on which target, with what status, from where.
/// </summary>
public sealed record AuditRecord(
    string Action, string? TargetId, int Status, Guid? ActorId, string? ActorEmail, string? Method, string? Route, string? Ip)
{
    /// <summary>The record of <paramref name="action"/> done by the caller of <paramref name="http"/> (its user, method, path and IP).</summary>
    public static AuditRecord Of(HttpContext http, string action, string? targetId, int status, string? actorEmail = null)
    {
        var user = http.User;
        Guid? actor = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        return new AuditRecord(action, targetId, status, actor, actorEmail ?? user.FindFirstValue(ClaimTypes.Email),
            http.Request.Method, http.Request.Path.Value, http.Connection.RemoteIpAddress?.ToString());
    }
}
