using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>The filters and page of GET /api/conversations.</summary>
internal sealed record ListConversationsRequest(
    [property: QueryParam] string? Status,
    [property: QueryParam] Guid? Mailbox,
    [property: QueryParam] string? Assignee,
    [property: QueryParam] string? Q,
    [property: QueryParam] string? Cursor,
    [property: QueryParam] int? Limit,
    [property: QueryParam] string? View,
    [property: QueryParam] string? Tag,
    [property: QueryParam] string? Priority,
    [property: QueryParam] string? Sort);

internal sealed class ListConversationsRequestValidator : Validator<ListConversationsRequest>
{
    public ListConversationsRequestValidator()
    {
        RuleFor(r => r.Status).Must(ConversationStatus.IsKnown).When(r => r.Status is not null)
            .WithMessage(r => $"Unknown status '{r.Status}': use open, pending, snoozed or closed.");
        RuleFor(r => r.Assignee).Must(a => a is "me" or "unassigned" || Guid.TryParse(a, out _)).When(r => r.Assignee is not null)
            .WithMessage("assignee is 'me', 'unassigned' or an agent's id.");
        RuleFor(r => r.Q).MaximumLength(ListConversations.MaxQueryLength);
        RuleFor(r => r.View).Must(ListView.IsKnown).When(r => r.View is not null)
            .WithMessage(r => $"Unknown view '{r.View}': use mine, unassigned, teams or all.");
        RuleFor(r => r.Tag).MaximumLength(ConversationTags.MaxLength);
        RuleFor(r => r.Priority).Must(Domain.Priority.IsKnown).When(r => r.Priority is not null)
            .WithMessage(r => $"Unknown priority '{r.Priority}': use low, normal, high or urgent.");
        RuleFor(r => r.Sort).Must(s => s is ListSort.Latest or ListSort.Waiting).When(r => r.Sort is not null)
            .WithMessage(r => $"Unknown sort '{r.Sort}': use latest or waiting.");
        RuleFor(r => r.Cursor).Must((r, c) => ConversationCursor.TryRead(c, r.Sort ?? ListSort.Latest, out _))
            .WithMessage("The cursor is not one this API gave out for this sort: start again without it.");
    }
}

/// <summary>GET /api/conversations: the list the console shows, newest activity first, filtered, searched and paged.</summary>
internal sealed class ListConversations(ConversationQueries queries, IMemberDirectory members)
    : Endpoint<ListConversationsRequest, ConversationListResponse>
{
    public const int MaxQueryLength = 200;
    private const int DefaultLimit = 25;
    private const int MaxLimit = 200;

    public override void Configure()
    {
        Get("/conversations");
        // A search (q) reads the search indexes: the whole list is limited as one (MailHub:RateLimits:Search).
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Search));
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Conversations, newest activity first, filtered and searched.";
            s.Description = "Filters: status (open, pending, snoozed, closed), view (mine: assigned to the caller; unassigned; teams: "
                + "in the caller's teams; all: every conversation, for supervisors and admins), mailbox (its id), assignee ('me', "
                + "'unassigned' or an agent's id), tag (one tag, exactly), priority (low, normal, high, urgent) and q (a substring of "
                + "the subject, the customer's name or address, or the text; one or two Chinese characters work too). sort is latest "
                + "(newest activity first, the default) or waiting (the customer waiting longest first, by their oldest unanswered "
                + $"message; conversations nobody waits on come last). limit is 1 to {MaxLimit} (default {DefaultLimit}); next is the "
                + "cursor of the following page, null on the last. An agent sees the conversations of their teams, those without a "
                + "team and those assigned to them; supervisors and admins see all. Answers 400 for an unknown status, view, "
                + "priority, sort or assignee, or a cursor this API did not give out for this sort; 403 for view=all asked by an agent.";
        });
    }

    public override async Task HandleAsync(ListConversationsRequest request, CancellationToken cancellationToken)
    {
        Guid? assigneeId = request.Assignee switch
        {
            "me" => User.AccountId(),
            null or "unassigned" => null,
            var agent => Guid.Parse(agent),
        };
        var admin = User.SeesAllTeams();
        if (request.View == ListView.All && !admin)
        {
            await Send.ResultAsync(Problems.Forbidden("The view 'all' is for supervisors and admins: use mine, unassigned or teams."));
            return;
        }
        var sort = request.Sort ?? ListSort.Latest;
        ConversationCursor.TryRead(request.Cursor, sort, out var after);
        var size = Math.Clamp(request.Limit ?? DefaultLimit, 1, MaxLimit);
        var me = User.AccountId();
        var teams = await members.DepartmentsOfAsync(me, cancellationToken);
        var rows = await queries.ListAsync(new ListFilter(request.Status, request.Mailbox, request.Assignee, assigneeId, request.Q, after, size,
            admin ? null : me, teams)
        {
            View = request.View, Member = me, MemberTeams = teams, Tag = request.Tag?.Trim(), Priority = request.Priority, Sort = sort,
        }, cancellationToken);
        var page = rows.Take(size).ToList();
        await Send.OkAsync(new ConversationListResponse(
            [.. page.Select(ConversationView.Summary)],
            rows.Count > size ? ConversationCursor.After(page[^1], sort) : null), cancellationToken);
    }
}
