using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Conversations.Replies;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>
/// POST /api/conversations/{id}/forwards: a message of the conversation (messageId; the customer's last by default) to the
/// addresses in to, with the agent's text or html above it, quoted inline or, with attachOriginal, attached as a .eml file.
/// </summary>
internal sealed record ForwardConversationRequest(
    [property: RouteParam] Guid Id,
    IReadOnlyList<string> To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    string? Text,
    string? Html,
    IReadOnlyList<Guid>? Attachments,
    Guid? MessageId,
    bool? AttachOriginal,
    [property: FromHeader("Idempotency-Key", isRequired: false)] string? IdempotencyKey);

internal sealed class ForwardConversationRequestValidator : Validator<ForwardConversationRequest>
{
    public ForwardConversationRequestValidator()
    {
        RuleFor(r => r.To).NotEmpty().WithMessage("Name whom to forward it to: at least one address in to.")
            .Must(to => to is null || to.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Cc).Must(cc => cc is null || cc.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Bcc).Must(bcc => bcc is null || bcc.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.IdempotencyKey).MaximumLength(200).WithMessage("An Idempotency-Key is at most 200 characters (a UUID is fine).");
    }
}

/// <summary>POST /api/conversations/{id}/forwards: the agent forwards a message of the conversation to someone else.</summary>
internal sealed class ForwardConversation(ConversationAccessGuard guard, ConversationQueries queries, IGrainFactory grains)
    : Endpoint<ForwardConversationRequest, ReplyResponse>
{
    public override void Configure()
    {
        Post("/conversations/{id:guid}/forwards");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<ReplyResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Forward a message of the conversation.";
            s.Description = "Sends messageId (the customer's last message when absent) to the addresses in to, with cc and bcc, the "
                + "agent's text or html above the original quoted inline with its attachments, or with attachOriginal the original "
                + "attached whole (original.eml). Its subject is its own (\"Fwd: \", \"转发: \" for a Chinese subject), without "
                + "In-Reply-To; its Reply-To carries the conversation's token, so an answer joins the conversation. It is recorded "
                + "as an outbound message of the conversation and held for the undo window like a reply. Answers 201 with its id "
                + "and undoUntil; 400 without to, for a bad address or an unknown messageId; 403 for a conversation of another team; "
                + "404 for an unknown id; 409 as a reply does.";
        });
    }

    public override async Task HandleAsync(ForwardConversationRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var forwarded = request.MessageId ?? (await queries.MessagesAsync(request.Id, cancellationToken))
            .LastOrDefault(m => m.Direction == Direction.Inbound && !m.Automatic)?.Id;
        if (forwarded is null)
        {
            await Send.ResultAsync(Core.Http.Problems.Invalid("messageId", "This conversation has no message from the customer: name the message to forward."));
            return;
        }
        var forward = new ReplyRequest(request.Text, request.Html, request.Cc, request.Bcc, request.Attachments, QuoteOriginal: null)
        {
            To = request.To,
            ForwardMessageId = forwarded,
            AttachOriginal = request.AttachOriginal == true,
            IdempotencyKey = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim(),
        };
        await Send.ResultAsync(await ReplySending.SendAsync(grains, request.Id, forward, Actor.Of(User)));
    }
}
