using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Inbound;

/// <summary>GET /api/inbound/messages/{id}/raw.</summary>
internal sealed class GetInboundMessageRaw(InboundMessages messages) : Endpoint<InboundMessageIdRequest>
{
    public override void Configure()
    {
        Get("/inbound/messages/{id:guid}/raw");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<IFormFile>(StatusCodes.Status200OK, "message/rfc822")
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A received message's bytes exactly as received.";
            s.Description = "message/rfc822: MailHub's Received field, then the message as the sender sent it. 404 when no such message was received.";
        });
    }

    public override async Task HandleAsync(InboundMessageIdRequest request, CancellationToken cancellationToken)
    {
        if (await messages.RawSizeAsync(request.Id, cancellationToken) is not { } size)
        {
            await Send.ResultAsync(InboundProblems.NotFound(request.Id));
            return;
        }
        // Streamed from the database to the client, however large the message.
        HttpContext.Response.StatusCode = StatusCodes.Status200OK;
        HttpContext.Response.ContentType = "message/rfc822";
        HttpContext.Response.ContentLength = size;
        await messages.CopyRawAsync(request.Id, HttpContext.Response.Body, cancellationToken);
    }
}
