using System.Security.Claims;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Messages;

/// <summary>A message's bytes as received (Channels' inbound store) or sent (our reply), for a caller who may see its conversation.</summary>
internal sealed class MessageContent(ConversationQueries queries, ConversationAccessGuard guard, IInboundMessages inbound)
{
    /// <summary>The message's content, or the 404/403 to answer instead; notes have none.</summary>
    public async Task<(Stream? Raw, IResult? Refusal)> OpenAsync(ClaimsPrincipal user, Guid messageId, CancellationToken cancellationToken)
    {
        var message = await queries.MessageAsync(messageId, cancellationToken);
        if (message is null || message.Direction == Direction.Note)
            return (null, Problems.NotFound("message", messageId));
        var (_, refusal) = await guard.CheckAsync(user, message.ConversationId, cancellationToken);
        if (refusal is not null)
            return (null, refusal);
        var raw = message.InboundMessageId is { } inboundId
            ? await inbound.OpenRawAsync(inboundId, cancellationToken)
            : await queries.OutboundRawAsync(message.Id, cancellationToken) is { } bytes ? new MemoryStream(bytes, writable: false) : null;
        return raw is null
            ? (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The message's content is gone",
                detail: $"The message {messageId} is listed, but its content is no longer stored."))
            : (raw, null);
    }
}
