using FastEndpoints;
using FluentValidation;
using MailHub.Routing.Contracts;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/routing/activity?ids=...&amp;ids=...: the conversations a list shows.</summary>
internal sealed record ListConversationActivityRequest([property: QueryParam] Guid[]? Ids)
{
    public const int MaxIds = 100;
}

internal sealed class ListConversationActivityRequestValidator : Validator<ListConversationActivityRequest>
{
    public ListConversationActivityRequestValidator()
    {
        RuleFor(r => r.Ids).NotEmpty().WithMessage("Give the conversations' ids: ?ids=...&ids=...");
        RuleFor(r => r.Ids!.Length)
            .LessThanOrEqualTo(ListConversationActivityRequest.MaxIds).When(r => r.Ids is not null).OverridePropertyName("ids")
            .WithMessage($"At most {ListConversationActivityRequest.MaxIds} conversations at once (a page of the list).");
    }
}

/// <summary>An agent on one of the conversations asked about.</summary>
internal sealed record ConversationActivityResponse(Guid ConversationId, Guid AgentId, string AgentName, ConversationActivity Activity, DateTimeOffset Since);

/// <summary>
/// Who is viewing or replying to any of a page of conversations, for the list's "X is viewing / replying"; conversations the
/// caller may not see are left out, as are those nobody is on.
/// </summary>
internal sealed class ListConversationActivity(IConversationAccess access, IGrainFactory grains)
    : Endpoint<ListConversationActivityRequest, IReadOnlyList<ConversationActivityResponse>>
{
    public override void Configure()
    {
        Get("/routing/activity");
        Summary(s =>
        {
            s.Summary = "Who is viewing or replying to which of the given conversations now (the list's badges).";
            s.Description = $"?ids=...&ids=... (at most {ListConversationActivityRequest.MaxIds}); one item per agent and conversation, "
                + "longest there first. Conversations the caller may not see, and those nobody is on, are not in the answer. The "
                + "\"activity\" pushes of the live connection tell of changes from then on.";
        });
    }

    public override async Task HandleAsync(ListConversationActivityRequest request, CancellationToken cancellationToken)
    {
        // The grains answer from memory, and most conversations have nobody on them: access is checked only for the others.
        var lists = await Task.WhenAll(request.Ids!.Distinct().Select(async id =>
            (Id: id, Viewers: await grains.GetGrain<IConversationViewersGrain>(id).ListAsync())));
        var occupied = lists.Where(l => l.Viewers.Length > 0).ToList();
        var visible = await access.VisibleAsync(User, occupied.Select(l => l.Id), cancellationToken);
        await Send.OkAsync([.. occupied.Where(l => visible.Contains(l.Id)).SelectMany(l => l.Viewers.Select(v =>
            new ConversationActivityResponse(l.Id, v.AgentId, v.AgentName, v.Activity, v.Since)))], cancellationToken);
    }
}
