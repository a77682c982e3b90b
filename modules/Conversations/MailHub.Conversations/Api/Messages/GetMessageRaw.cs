using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Messages;

/// <summary>GET /api/messages/{id}/raw: the message as an .eml file.</summary>
internal sealed class GetMessageRaw(MessageContent content) : Endpoint<MessageRequest>
{
    public override void Configure()
    {
        Get("/messages/{id:guid}/raw");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<byte[]>(StatusCodes.Status200OK, "message/rfc822")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A message as it was received or sent.";
            s.Description = "The whole message (message/rfc822, as {id}.eml): headers, bodies and attachments as they travelled. "
                + "Answers 404 for an unknown id or a note, 403 for a conversation of another team.";
        });
    }

    public override async Task HandleAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var (raw, refusal) = await content.OpenAsync(User, request.Id, cancellationToken);
        await Send.ResultAsync(refusal ?? Results.Stream(raw!, "message/rfc822", $"{request.Id}.eml"));
    }
}
