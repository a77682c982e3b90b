using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Reading;
using MailHub.Core.Accounts;
using MailHub.People.Contracts;

namespace MailHub.Conversations.Api;

/// <summary>GET /api/conversations/counts?status=: the status counted (open unless given).</summary>
internal sealed record CountConversationsRequest([property: QueryParam] string? Status);

internal sealed class CountConversationsRequestValidator : Validator<CountConversationsRequest>
{
    public CountConversationsRequestValidator()
    {
        RuleFor(r => r.Status).Must(ConversationStatus.IsKnown).When(r => r.Status is not null)
            .WithMessage(r => $"Unknown status '{r.Status}': use open, pending, snoozed or closed.");
    }
}

/// <summary>How many conversations of the status each view of the list holds; <see cref="All"/> is null for agents.</summary>
internal sealed record ConversationCountsResponse(long Mine, long Unassigned, long Teams, long? All);

/// <summary>GET /api/conversations/counts: the numbers beside the list's views.</summary>
internal sealed class CountConversations(ConversationQueries queries, IMemberDirectory members)
    : Endpoint<CountConversationsRequest, ConversationCountsResponse>
{
    public override void Configure()
    {
        Get("/conversations/counts");
        Summary(s =>
        {
            s.Summary = "How many conversations each view of the list holds.";
            s.Description = "For one status (open by default; pending, snoozed, closed): mine (assigned to the caller), unassigned, "
                + "teams (in the caller's teams) and all, the same filters as GET /api/conversations?view=. An agent counts only "
                + "what they may see and gets all as null. Answers 400 for an unknown status.";
        });
    }

    public override async Task HandleAsync(CountConversationsRequest request, CancellationToken cancellationToken)
    {
        var me = User.AccountId();
        var teams = await members.DepartmentsOfAsync(me, cancellationToken);
        var counts = await queries.CountAsync(request.Status ?? ConversationStatus.Open, me, teams, User.SeesAllTeams(), cancellationToken);
        await Send.OkAsync(new ConversationCountsResponse(counts.Mine, counts.Unassigned, counts.Teams, counts.All), cancellationToken);
    }
}
