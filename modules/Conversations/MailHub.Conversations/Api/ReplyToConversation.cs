using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>
/// POST /api/conversations/{id}/replies: text and/or html; cc and bcc add recipients; attachments are ids from
/// POST /api/attachments; quoteOriginal quotes the customer's last message below the reply.
/// </summary>
internal sealed record ReplyToConversationRequest(
    [property: RouteParam] Guid Id,
    string? Text,
    string? Html,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    IReadOnlyList<Guid>? Attachments,
    bool? QuoteOriginal);

internal sealed class ReplyToConversationRequestValidator : Validator<ReplyToConversationRequest>
{
    public ReplyToConversationRequestValidator()
    {
        RuleFor(r => r.Text).Must((r, text) => !string.IsNullOrWhiteSpace(text) || !string.IsNullOrWhiteSpace(r.Html))
            .WithMessage("Write the reply: give text, html, or both.");
    }
}

/// <summary>What a reply answers: its message id, and its delivery (queued: the outbox sends it).</summary>
internal sealed record ReplyResponse(Guid Id, ReplyDelivery Delivery);

/// <summary>The delivery state of a reply just queued.</summary>
internal sealed record ReplyDelivery(string State);

/// <summary>POST /api/conversations/{id}/replies: the agent answers the customer.</summary>
internal sealed class ReplyToConversation(ConversationAccessGuard guard, IGrainFactory grains)
    : Endpoint<ReplyToConversationRequest, ReplyResponse>
{
    public override void Configure()
    {
        Post("/conversations/{id:guid}/replies");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<ReplyResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Answer the customer.";
            s.Description = "The reply keeps the thread (In-Reply-To and References name the customer's last message, the subject "
                + "carries the conversation's number) and goes to the mailbox's outbox in the same transaction that records it: "
                + "answers 201 with the reply's id and delivery state queued; the conversation shows sent or failed later. "
                + "Answers 400 without text or html or for an attachment id that was not uploaded, 403 for a conversation of "
                + "another team, 404 for an unknown id, 409 when the conversation's mailbox no longer exists.";
        });
    }

    public override async Task HandleAsync(ReplyToConversationRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var reply = new ReplyRequest(request.Text, request.Html, request.Cc, request.Bcc, request.Attachments, request.QuoteOriginal);
        // The composer refuses an attachment id that names no upload (ArgumentException): answered as the attachments' error.
        var (replyId, failed) = await ConversationRefusals.RunAsync(request.Id, "attachments",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).ReplyAsync(reply, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await Send.ResultAsync(TypedResults.Created($"/api/conversations/{request.Id}", new ReplyResponse(replyId, new ReplyDelivery(DeliveryState.Queued))));
    }
}
