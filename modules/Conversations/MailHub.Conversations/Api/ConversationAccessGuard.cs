using System.Security.Claims;
using MailHub.Conversations.Reading;
using MailHub.Core.Http;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>Agents see what Routing's <see cref="IConversationAccess"/> allows; admins see everything.</summary>
internal sealed class ConversationAccessGuard(ConversationQueries queries, IConversationAccess access)
{
    /// <summary>The conversation, or the 404/403 to answer instead.</summary>
    public async Task<(ListedConversation? Conversation, IResult? Refusal)> CheckAsync(ClaimsPrincipal user, Guid conversationId,
        CancellationToken cancellationToken)
    {
        var conversation = await queries.FindAsync(conversationId, cancellationToken);
        if (conversation is null)
            return (null, Problems.NotFound("conversation", conversationId));
        if (!await access.CanSeeAsync(user, conversationId, cancellationToken))
            return (null, ConversationRefusals.NotYours());
        return (conversation, null);
    }
}
