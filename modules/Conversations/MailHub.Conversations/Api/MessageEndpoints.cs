using System.Security.Claims;
using MailHub.Channels.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Api;

internal static class MessageEndpoints
{
    public static void MapMessages(this IEndpointRouteBuilder api)
    {
        var messages = api.MapGroup("/messages").WithTags("Conversations");

        messages.MapGet("/{id:guid}/raw", async (Guid id, ClaimsPrincipal user, ConversationQueries queries, ConversationAccessGuard guard,
            IInboundMessages inbound, CancellationToken cancellationToken) =>
        {
            var (message, refusal) = await FindAsync(id, user, queries, guard, cancellationToken);
            if (refusal is not null)
                return refusal;
            var raw = await OpenRawAsync(message!, queries, inbound, cancellationToken);
            return raw is null ? Problems.NotFound("Message content") : Results.Stream(raw, "message/rfc822", $"{id}.eml");
        }).WithSummary("The message as it was received or sent (message/rfc822).");

        messages.MapGet("/{id:guid}/attachments/{index:int}", async (Guid id, int index, ClaimsPrincipal user, ConversationQueries queries,
            ConversationAccessGuard guard, IInboundMessages inbound, CancellationToken cancellationToken) =>
        {
            var (message, refusal) = await FindAsync(id, user, queries, guard, cancellationToken);
            if (refusal is not null)
                return refusal;
            await using var raw = await OpenRawAsync(message!, queries, inbound, cancellationToken);
            if (raw is null)
                return Problems.NotFound("Message content");
            using var mail = await MailReader.LoadAsync(raw, cancellationToken: cancellationToken);
            if (index < 0 || index >= mail.Attachments.Count)
                return Problems.NotFound("Attachment");
            var attachment = mail.Attachments[index];
            await using var content = new MemoryStream();
            await PartContent.WriteToAsync(attachment, content, cancellationToken);
            // Results.File writes Content-Disposition with filename*=UTF-8''... (RFC 6266) for non-ASCII names.
            return Results.File(content.ToArray(), PartContent.MediaType(attachment),
                PartContent.FileName(attachment) ?? $"attachment-{index + 1}");
        }).WithSummary("One attachment of a message, with its content type and file name.");
    }

    private static async Task<(StoredMessage?, IResult?)> FindAsync(Guid id, ClaimsPrincipal user, ConversationQueries queries,
        ConversationAccessGuard guard, CancellationToken cancellationToken)
    {
        var message = await queries.MessageAsync(id, cancellationToken);
        if (message is null || message.Direction == Direction.Note)
            return (null, Problems.NotFound("Message"));
        var (_, refusal) = await guard.CheckAsync(user, message.ConversationId, cancellationToken);
        return (message, refusal);
    }

    private static async Task<Stream?> OpenRawAsync(StoredMessage message, ConversationQueries queries, IInboundMessages inbound,
        CancellationToken cancellationToken)
    {
        if (message.InboundMessageId is { } inboundId)
            return await inbound.OpenRawAsync(inboundId, cancellationToken);
        return await queries.OutboundRawAsync(message.Id, cancellationToken) is { } bytes ? new MemoryStream(bytes, writable: false) : null;
    }
}
