using System.Security.Claims;
using MailHub.Core.Accounts;

namespace MailHub.Conversations.Domain;

/// <summary>Who does something through the API: the account behind the bearer token.</summary>
[GenerateSerializer, Alias("MailHub.Conversations.Domain.Actor")]
internal sealed record Actor([property: Id(0)] Guid Id, [property: Id(1)] string Name, [property: Id(2)] bool IsAdmin)
{
    public static Actor Of(ClaimsPrincipal user) =>
        new(user.AccountId(), user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Email) ?? "agent", user.IsAdmin());
}
