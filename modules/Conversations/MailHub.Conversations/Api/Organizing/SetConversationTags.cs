using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Organizing;

/// <summary>PUT /api/conversations/{id}/tags: the whole list of tags the conversation has from now on.</summary>
internal sealed record SetConversationTagsRequest([property: RouteParam] Guid Id, IReadOnlyList<string> Tags);

internal sealed class SetConversationTagsRequestValidator : Validator<SetConversationTagsRequest>
{
    public SetConversationTagsRequestValidator()
    {
        RuleFor(r => r.Tags).NotNull().WithMessage("Give the tags as a list (empty removes them all).")
            .Must(t => t is null || t.Count <= ConversationTags.MaxCount)
            .WithMessage($"A conversation has at most {ConversationTags.MaxCount} tags.");
        // On the list rather than each item (RuleForEach): the schema would put the items' lengths on the array.
        RuleFor(r => r.Tags).Must(ConversationTags.AreWellFormed).When(r => r.Tags is not null)
            .WithMessage($"A tag is 1 to {ConversationTags.MaxLength} characters.");
    }
}

/// <summary>The conversation's tags now.</summary>
internal sealed record ConversationTagsResponse(Guid Id, IReadOnlyList<string> Tags);

/// <summary>PUT /api/conversations/{id}/tags.</summary>
internal sealed class SetConversationTags(ConversationAccessGuard guard, IGrainFactory grains)
    : Endpoint<SetConversationTagsRequest, ConversationTagsResponse>
{
    public override void Configure()
    {
        Put("/conversations/{id:guid}/tags");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set the conversation's tags.";
            s.Description = $"Replaces the tags with the list given (at most {ConversationTags.MaxCount}, each up to "
                + $"{ConversationTags.MaxLength} characters; trimmed, and a tag given twice in any case kept once). The list "
                + "filters by one (GET /api/conversations?tag=). Answers the tags now; 400 for too many or too long, 403 for a "
                + "conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(SetConversationTagsRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var (tags, failed) = await ConversationRefusals.RunAsync(request.Id, "tags",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).SetTagsAsync(request.Tags, add: false, Actor.Of(User)));
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await Send.OkAsync(new ConversationTagsResponse(request.Id, tags!), cancellationToken);
    }
}
