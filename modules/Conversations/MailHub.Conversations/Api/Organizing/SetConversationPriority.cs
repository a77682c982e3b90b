using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Organizing;

/// <summary>PUT /api/conversations/{id}/priority.</summary>
internal sealed record SetConversationPriorityRequest([property: RouteParam] Guid Id, ConversationPriority Priority);

internal sealed class SetConversationPriorityRequestValidator : Validator<SetConversationPriorityRequest>
{
    public SetConversationPriorityRequestValidator()
    {
        RuleFor(r => r.Priority).IsInEnum().WithMessage("The priority is low, normal, high or urgent.");
    }
}

/// <summary>The conversation's priority now.</summary>
internal sealed record ConversationPriorityResponse(Guid Id, ConversationPriority Priority);

/// <summary>PUT /api/conversations/{id}/priority.</summary>
internal sealed class SetConversationPriority(ConversationAccessGuard guard, IGrainFactory grains)
    : Endpoint<SetConversationPriorityRequest, ConversationPriorityResponse>
{
    public override void Configure()
    {
        Put("/conversations/{id:guid}/priority");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set the conversation's priority.";
            s.Description = "low, normal (every conversation's to begin with), high or urgent; the list filters by it "
                + "(GET /api/conversations?priority=). Answers the priority now; 400 for another value, 403 for a conversation of "
                + "another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(SetConversationPriorityRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (priority, failed) = await ConversationRefusals.RunAsync(request.Id, "priority",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).SetPriorityAsync(ConversationView.NameOf(request.Priority), Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await Send.OkAsync(new ConversationPriorityResponse(request.Id, ConversationView.PriorityOf(priority!)), cancellationToken);
    }
}
