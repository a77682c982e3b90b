using System.Security.Claims;
using MailHub.Core.Accounts;

namespace MailHub.Conversations.Domain;

/// <summary>Who does something through the API: the account behind the bearer token.</summary>
internal sealed record Actor(Guid Id, string Name, bool IsAdmin)
{
    public static Actor Of(ClaimsPrincipal user) =>
        new(user.AccountId(), user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Email) ?? "agent", user.IsAdmin());
}
