using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>What the customer wrote while the agent was composing (the 409's newerMessage).</summary>
internal sealed record NewerMessage(Guid Id, string? From, string? Subject, string? Excerpt, DateTimeOffset SentAt);

/// <summary>Sends a reply or forward through the conversation's grain and answers it (201) or why not, for both endpoints.</summary>
internal static class ReplySending
{
    public static async Task<IResult> SendAsync(IGrainFactory grains, Guid conversationId, ReplyRequest reply, Actor actor)
    {
        try
        {
            // The composer refuses an address or an attachment id it cannot use (ArgumentException): answered as the body's error.
            var (receipt, failed) = await ConversationRefusals.RunAsync(conversationId, reply.IsForward ? "body" : "attachments",
                () => grains.GetGrain<IConversationCommandsGrain>(conversationId).ReplyAsync(reply, actor));
            return failed ?? TypedResults.Created($"/api/conversations/{conversationId}",
                new ReplyResponse(receipt!.MessageId, new ReplyDelivery(DeliveryState.Queued), receipt.UndoUntil));
        }
        catch (NewerCustomerMessageException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The customer wrote while you were composing",
                detail: e.Message, extensions: new Dictionary<string, object?>
                {
                    ["newerMessage"] = new NewerMessage(e.MessageId, e.From, e.Subject, e.Excerpt, e.SentAt),
                });
        }
    }
}
