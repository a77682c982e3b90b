using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>
/// POST /api/conversations/{id}/replies: text and/or html; to replaces the default recipient (whoever the customer asked
/// replies to go to); replyAll copies the customer's message's other recipients; cc and bcc add recipients; attachments
/// are ids from POST /api/attachments; quoteOriginal quotes the customer's last message below the reply;
/// lastSeenMessageId is the newest message the agent saw (a newer customer message answers 409 unless force).
/// </summary>
internal sealed record ReplyToConversationRequest(
    [property: RouteParam] Guid Id,
    string? Text,
    string? Html,
    IReadOnlyList<string>? To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    IReadOnlyList<Guid>? Attachments,
    bool? QuoteOriginal,
    bool? ReplyAll,
    Guid? LastSeenMessageId,
    bool? Force,
    [property: FromHeader("Idempotency-Key", isRequired: false)] string? IdempotencyKey);

internal sealed class ReplyToConversationRequestValidator : Validator<ReplyToConversationRequest>
{
    public ReplyToConversationRequestValidator()
    {
        RuleFor(r => r.Text).Must((r, text) => !string.IsNullOrWhiteSpace(text) || !string.IsNullOrWhiteSpace(r.Html))
            .WithMessage("Write the reply: give text, html, or both.");
        RuleFor(r => r.IdempotencyKey).MaximumLength(200).WithMessage("An Idempotency-Key is at most 200 characters (a UUID is fine).");
        RuleFor(r => r.To).Must(to => to is null || to.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Cc).Must(cc => cc is null || cc.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Bcc).Must(bcc => bcc is null || bcc.Count <= 50).WithMessage("At most 50 addresses.");
    }
}

/// <summary>
/// What a reply answers: its message id, its delivery (queued: the outbox sends it) and when its undo window ends
/// (until then POST /api/messages/{id}/undo takes it back).
/// </summary>
internal sealed record ReplyResponse(Guid Id, ReplyDelivery Delivery, DateTimeOffset UndoUntil);

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
                + "carries the conversation's number) and goes to the mailbox's outbox in the same transaction that records it; "
                + "the outbox holds it until undoUntil (10 seconds by default), so POST /api/messages/{id}/undo can take it back, "
                + "and the agent's draft of this conversation is deleted. Answers 201 with the reply's id, delivery state queued and "
                + "undoUntil; the conversation shows sent or failed later. With an Idempotency-Key header, a retry with the same key "
                + "answers the first reply again and sends nothing twice. Answers 400 without text or html or for an attachment id "
                + "that was not uploaded, 403 for a conversation of another team, 404 for an unknown id, 409 when the customer "
                + "wrote after lastSeenMessageId (the problem's newerMessage says what they wrote; send again with force to send "
                + "anyway), when the key was used in another conversation, or when the conversation's mailbox no longer exists.";
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
        var reply = new ReplyRequest(request.Text, request.Html, request.Cc, request.Bcc, request.Attachments, request.QuoteOriginal)
        {
            To = request.To,
            ReplyAll = request.ReplyAll == true,
            LastSeenMessageId = request.LastSeenMessageId,
            Force = request.Force == true,
            IdempotencyKey = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim(),
        };
        await Send.ResultAsync(await ReplySending.SendAsync(grains, request.Id, reply, Actor.Of(User)));
    }
}
