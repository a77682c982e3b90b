using System.Security.Claims;
using MailHub.Core.Accounts;

namespace MailHub.Host.Api.Auth;

/// <summary>The claims of a signed-in account, the same in the cookie, the bearer token and the refresh token.</summary>
internal static class AccountPrincipal
{
    public static ClaimsPrincipal Of(Account account, Guid sessionId, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Email, account.Email),
        new Claim(ClaimTypes.Name, account.DisplayName),
        new Claim(ClaimTypes.Role, account.Role),
        new Claim(CurrentUser.SessionClaim, sessionId.ToString()),
    ], scheme));
}
