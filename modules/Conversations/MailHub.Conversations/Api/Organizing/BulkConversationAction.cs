using System.Security.Claims;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Organizing;

/// <summary>What a bulk action does to each conversation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BulkAction>))]
internal enum BulkAction
{
    [JsonStringEnumMemberName("assign")] Assign,
    [JsonStringEnumMemberName("transfer")] Transfer,
    [JsonStringEnumMemberName("close")] Close,
    [JsonStringEnumMemberName("tag")] Tag,
}

/// <summary>
/// POST /api/conversations/bulk: one action on many conversations. assign and transfer take agentId or teamId (and a note);
/// tag takes the tags to add.
/// </summary>
internal sealed record BulkConversationRequest(IReadOnlyList<Guid> Ids, BulkAction Action, Guid? AgentId, Guid? TeamId,
    IReadOnlyList<string>? Tags, string? Note)
{
    public const int MaxIds = 100;
}

internal sealed class BulkConversationRequestValidator : Validator<BulkConversationRequest>
{
    public BulkConversationRequestValidator()
    {
        RuleFor(r => r.Ids).NotEmpty().WithMessage("Give the ids of the conversations (ids).")
            .Must(ids => ids is null || ids.Count <= BulkConversationRequest.MaxIds)
            .WithMessage($"At most {BulkConversationRequest.MaxIds} conversations at once.");
        RuleFor(r => r.Action).IsInEnum().WithMessage("The action is assign, transfer, close or tag.");
        RuleFor(r => r.AgentId)
            .Must((r, agentId) => (agentId is null) != (r.TeamId is null))
            .When(r => r.Action is BulkAction.Assign or BulkAction.Transfer)
            .WithMessage("Give either agentId (an agent) or teamId (a team), not both.");
        // A Must, not NotEmpty: only tag needs them, and the schema would mark them required for every action.
        RuleFor(r => r.Tags).Must((r, tags) => r.Action != BulkAction.Tag || tags is { Count: > 0 }).WithMessage("Give the tags to add (tags).");
        RuleFor(r => r.Tags).Must(ConversationTags.AreWellFormed).When(r => r.Tags is not null)
            .WithMessage($"A tag is 1 to {ConversationTags.MaxLength} characters.");
        RuleFor(r => r.Note).MaximumLength(2000).WithMessage("Keep the note to 2000 characters.");
    }
}

/// <summary>What became of one conversation: done, or why not (what its own endpoint would have answered).</summary>
internal sealed record BulkItemResult(Guid Id, bool Ok, string? Error);

/// <summary>Each conversation's result, in the order given.</summary>
internal sealed record BulkConversationResponse(IReadOnlyList<BulkItemResult> Results);

/// <summary>POST /api/conversations/bulk.</summary>
internal sealed class BulkConversationAction(ConversationAccessGuard guard, IGrainFactory grains, IConversationHandOver handOver,
    IMemberDirectory directory) : Endpoint<BulkConversationRequest, BulkConversationResponse>
{
    public override void Configure()
    {
        Post("/conversations/bulk");
        Summary(s =>
        {
            s.Summary = "Assign, transfer, close or tag many conversations at once.";
            s.Description = $"Up to {BulkConversationRequest.MaxIds} ids. Each conversation is done on its own, as its own endpoint "
                + "would (assign, transfer with the note, close, or tags added to those it has), and checked the same way: one "
                + "that fails (another team's, unknown, closed, too many tags) does not stop the others. Answers each id's result "
                + "(ok, or the error); 400 for no ids, an unknown action, assign or transfer without exactly one of agentId and "
                + "teamId (or one the directory does not hold), tag without tags.";
        });
    }

    public override async Task HandleAsync(BulkConversationRequest request, CancellationToken cancellationToken)
    {
        if (request.Action is BulkAction.Assign or BulkAction.Transfer)
        {
            if (request.AgentId is { } agentId)
            {
                var agent = await directory.FindMemberAsync(agentId, cancellationToken);
                if (agent is null)
                {
                    await Send.ResultAsync(Problems.Invalid("agentId", $"There is no member {agentId}: agents are listed at GET /api/directory/members."));
                    return;
                }
                if (!agent.Active)
                {
                    await Send.ResultAsync(Problems.Invalid("agentId",
                        $"{agent.Name} was deactivated and takes no conversations: choose another agent, or reactivate them first."));
                    return;
                }
            }
            if (request.TeamId is { } teamId && await directory.FindDepartmentAsync(teamId, cancellationToken) is null)
            {
                await Send.ResultAsync(Problems.Invalid("teamId", $"There is no department {teamId}: teams are listed at GET /api/directory/departments."));
                return;
            }
        }
        var results = new List<BulkItemResult>();
        foreach (var id in request.Ids.Distinct())
            results.Add(await ApplyAsync(id, request, cancellationToken));
        await Send.OkAsync(new BulkConversationResponse(results), cancellationToken);
    }

    private async Task<BulkItemResult> ApplyAsync(Guid id, BulkConversationRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, id, cancellationToken);
        if (refusal is not null)
            return new(id, false, refusal is IStatusCodeHttpResult { StatusCode: StatusCodes.Status404NotFound }
                ? $"There is no conversation {id}."
                : "This conversation belongs to a team you are not in.");
        try
        {
            var error = request.Action switch
            {
                BulkAction.Assign or BulkAction.Transfer => await HandOverAsync(id, request, cancellationToken),
                BulkAction.Close => await CloseAsync(id),
                _ => await TagAsync(id, request.Tags!),
            };
            return new(id, error is null, error);
        }
        catch (Exception e) when (e is ConversationNotFoundException or ArgumentException or InvalidOperationException)
        {
            return new(id, false, e.Message);
        }
    }

    private async Task<string?> HandOverAsync(Guid id, BulkConversationRequest request, CancellationToken cancellationToken)
    {
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var outcome = await handOver.HandOverAsync(id, new AssignCommand(request.TeamId, request.AgentId, User.AccountId(),
            User.FindFirstValue(ClaimTypes.Name), note, request.Action == BulkAction.Transfer ? AssignmentKind.Transfer : AssignmentKind.Manual,
            null), cancellationToken);
        return outcome.Status switch
        {
            AssignStatus.Done => null,
            AssignStatus.Closed => $"Conversation {id} is closed: reopen it before assigning it.",
            _ => $"Routing has not seen conversation {id}: wait a moment if it just arrived.",
        };
    }

    private async Task<string?> CloseAsync(Guid id)
    {
        await grains.GetGrain<IConversationCommandsGrain>(id).SetStatusAsync(ConversationStatus.Closed, Actor.Of(User));
        return null;
    }

    private async Task<string?> TagAsync(Guid id, IReadOnlyList<string> tags)
    {
        await grains.GetGrain<IConversationCommandsGrain>(id).SetTagsAsync(tags, add: true, Actor.Of(User));
        return null;
    }
}
