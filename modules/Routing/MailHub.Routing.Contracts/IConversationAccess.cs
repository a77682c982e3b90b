using System.Security.Claims;

namespace MailHub.Routing.Contracts;

/// <summary>
/// Who may see a conversation: admins and supervisors all of them; an agent those of their teams (departments), those
/// assigned to them, and those that belong to no team yet.
/// </summary>
public interface IConversationAccess
{
    /// <summary>For the caller of an API request (its bearer token's claims).</summary>
    Task<bool> CanSeeAsync(ClaimsPrincipal user, Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>For a member (account) id, e.g. when pushing live updates.</summary>
    Task<bool> CanSeeAsync(Guid memberId, Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="conversationIds"/> the caller may see, e.g. of a customer's conversations.</summary>
    Task<IReadOnlySet<Guid>> VisibleAsync(ClaimsPrincipal user, IEnumerable<Guid> conversationIds, CancellationToken cancellationToken = default);
}
