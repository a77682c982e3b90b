using FastEndpoints;
using MailHub.Conversations.Reading;
using MailHub.Core.Accounts;
using Marten;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api;

/// <summary>GET /api/conversations/{id}; images=true shows the remote images of HTML messages (through the image proxy).</summary>
internal sealed record GetConversationRequest([property: RouteParam] Guid Id, [property: QueryParam] bool? Images);

/// <summary>GET /api/conversations/{id}: a conversation with its messages and history, as the console opens it.</summary>
internal sealed class GetConversation(ConversationAccessGuard guard, ConversationQueries queries, IDocumentStore store, AccountStore accounts)
    : Endpoint<GetConversationRequest, ConversationResponse>
{
    public override void Configure()
    {
        Get("/conversations/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A conversation with its messages and history.";
            s.Description = "Messages oldest first, their HTML sanitized (remote images blocked unless images=true, which points them at "
                + "GET /api/messages/{id}/remote-image; inline images point "
                + "at their attachment URLs), with attachments, delivery states of replies and internal notes; history lists every "
                + "change with who made it. Answers 404 for an unknown id and 403 for a conversation of a team the agent is not in.";
        });
    }

    public override async Task HandleAsync(GetConversationRequest request, CancellationToken cancellationToken)
    {
        var (conversation, refusal) = await guard.CheckAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var messages = await queries.MessagesAsync(request.Id, cancellationToken);
        // Read the conversation again after its messages: a message and the change it made (a closed conversation reopened
        // by the customer's mail) commit together, so the status shown is never older than the messages shown. Read only
        // before them, a mail committing in between showed the new message under the old "closed".
        var current = await queries.FindAsync(request.Id, cancellationToken) ?? conversation!;
        var history = await ConversationView.HistoryAsync(request.Id, store, accounts, cancellationToken);
        await Send.OkAsync(ConversationView.Detail(current, [.. messages.Select(m => ConversationView.Message(m, request.Images == true))], history),
            cancellationToken);
    }
}
