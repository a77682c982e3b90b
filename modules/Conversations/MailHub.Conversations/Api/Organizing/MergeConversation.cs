using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHub.Conversations.Api.Organizing;

/// <summary>POST /api/conversations/{id}/merge: the conversation this one is merged into.</summary>
internal sealed record MergeConversationRequest([property: RouteParam] Guid Id, Guid Into);

internal sealed class MergeConversationRequestValidator : Validator<MergeConversationRequest>
{
    public MergeConversationRequestValidator()
    {
        RuleFor(r => r.Into).NotEmpty().WithMessage("Give the id of the conversation to merge into (into).");
    }
}

/// <summary>The merged conversation (closed now) and the one it went into.</summary>
internal sealed record MergeResponse(Guid Id, string Status, Guid MergedInto);

/// <summary>POST /api/conversations/{id}/merge.</summary>
internal sealed class MergeConversation(ConversationAccessGuard guard, IConversationAccess access, IGrainFactory grains)
    : Endpoint<MergeConversationRequest, MergeResponse>
{
    public override void Configure()
    {
        Post("/conversations/{id:guid}/merge");
        Description(d => d
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Merge this conversation into another of the same customer.";
            s.Description = "This conversation closes as merged (mergedInto names the other); its messages show in the other's "
                + "thread, and the customer's answers to it join the other, which gets its tags too. Answers both ids; 400 for merging into itself or into an "
                + "unknown conversation, 403 when either conversation belongs to a team the caller is not in, 404 for an unknown id, "
                + "409 when the other conversation is another customer's, closed, or either was merged already.";
        });
    }

    public override async Task HandleAsync(MergeConversationRequest request, CancellationToken cancellationToken)
    {
        var (merged, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        if (request.Into != request.Id && !await access.CanSeeAsync(User, request.Into, cancellationToken))
        {
            await Send.ResultAsync(ConversationRefusals.NotYours());
            return;
        }
        var (into, failed) = await ConversationRefusals.RunAsync(request.Id, "into",
            () => grains.GetGrain<IConversationCommandsGrain>(request.Id).MergeAsync(request.Into, Actor.Of(User)), conflictField: "into");
        if (failed is not null)
        {
            await Send.ResultAsync(failed);
            return;
        }
        await KeepTagsAsync(request.Id, merged!.Tags, into);
        await Send.OkAsync(new MergeResponse(request.Id, ConversationStatus.Closed, into), cancellationToken);
    }

    /// <summary>
    /// The conversation merged into gets the merged one's tags too, in its own grain (a second step: a node dying between the
    /// two leaves the merge done and the tags where they were). Tags over the most a conversation holds are left out.
    /// </summary>
    private async Task KeepTagsAsync(Guid mergedId, IReadOnlyList<string> tags, Guid into)
    {
        if (tags.Count == 0)
            return;
        try
        {
            await grains.GetGrain<IConversationCommandsGrain>(into).SetTagsAsync(tags, add: true, Actor.Of(User));
        }
        catch (ArgumentException tooMany)
        {
            Logger.LogInformation("The tags of {Merged} were not added to {Into}: {Reason}", mergedId, into, tooMany.Message);
        }
    }
}
