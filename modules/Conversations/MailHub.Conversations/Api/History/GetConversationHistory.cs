using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.History;

/// <summary>GET /api/conversations/{id}/history.</summary>
internal sealed record GetConversationHistoryRequest([property: RouteParam] Guid Id);

/// <summary>GET /api/conversations/{id}/history.</summary>
internal sealed class GetConversationHistory(ConversationAccessGuard guard, ConversationHistory history)
    : Endpoint<GetConversationHistoryRequest, ConversationHistoryResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}/history");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "What happened to the conversation, by whom, oldest first.";
            s.Description = "Each item's kind is opened, assigned, transferred, closed, reopened, pending, snoozed, tagged, priority "
                + "or merged; byId and byName say who (null: the customer, routing or MailHub itself). detail: the subject "
                + "(opened), the agent or team (assigned, transferred), the time it comes back (snoozed), the tags now (tagged), "
                + "the priority, the other conversation's id (merged), customer or snooze-ended (reopened without an agent). "
                + "Answers 403 for a conversation of another team, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(GetConversationHistoryRequest request, CancellationToken cancellationToken)
    {
        var (_, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        await Send.OkAsync(new ConversationHistoryResponse(await history.OfAsync(request.Id, cancellationToken)), cancellationToken);
    }
}
