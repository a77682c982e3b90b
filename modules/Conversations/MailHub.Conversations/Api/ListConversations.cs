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
    [property: QueryParam] int? Limit);

internal sealed class ListConversationsRequestValidator : Validator<ListConversationsRequest>
{
    public ListConversationsRequestValidator()
    {
        RuleFor(r => r.Status).Must(ConversationStatus.IsKnown).When(r => r.Status is not null)
            .WithMessage(r => $"Unknown status '{r.Status}': use open, pending or closed.");
        RuleFor(r => r.Assignee).Must(a => a is "me" or "unassigned" || Guid.TryParse(a, out _)).When(r => r.Assignee is not null)
            .WithMessage("assignee is 'me', 'unassigned' or an agent's id.");
        RuleFor(r => r.Q).MaximumLength(ListConversations.MaxQueryLength);
        RuleFor(r => r.Cursor).Must(c => ConversationCursor.TryRead(c, out _))
            .WithMessage("The cursor is not one this API gave out: start again without it.");
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
        Description(d => d.ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(s =>
        {
            s.Summary = "Conversations, newest activity first, filtered and searched.";
            s.Description = "Filters: status (open, pending, closed), mailbox (its id), assignee ('me', 'unassigned' or an agent's id) "
                + "and q (a substring of the subject, the customer's name or address, or the text; one or two Chinese characters "
                + $"work too). limit is 1 to {MaxLimit} (default {DefaultLimit}); next is the cursor of the following page, null on the "
                + "last. An agent sees the conversations of their teams, those without a team and those assigned to them; an admin "
                + "sees all. Answers 400 for an unknown status or assignee, or a cursor this API did not give out.";
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
        ConversationCursor.TryRead(request.Cursor, out var after);
        var size = Math.Clamp(request.Limit ?? DefaultLimit, 1, MaxLimit);
        var admin = User.SeesAllTeams();
        var teams = admin ? [] : await members.DepartmentsOfAsync(User.AccountId(), cancellationToken);
        var rows = await queries.ListAsync(new ListFilter(request.Status, request.Mailbox, request.Assignee, assigneeId, request.Q, after, size,
            admin ? null : User.AccountId(), teams), cancellationToken);
        var page = rows.Take(size).ToList();
        await Send.OkAsync(new ConversationListResponse(
            [.. page.Select(ConversationView.Summary)],
            rows.Count > size ? ConversationCursor.After(page[^1]) : null), cancellationToken);
    }
}
