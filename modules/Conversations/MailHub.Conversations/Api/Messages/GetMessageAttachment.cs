using FastEndpoints;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Messages;

/// <summary>GET /api/messages/{id}/attachments/{index}: one attachment, decoded.</summary>
internal sealed class GetMessageAttachment(MessageContent content) : Endpoint<MessageAttachmentRequest>
{
    public override void Configure()
    {
        Get("/messages/{id:guid}/attachments/{index:int}");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One attachment of a message.";
            s.Description = "The attachment's bytes with its own content type, and its file name in Content-Disposition "
                + "(filename* in UTF-8 for Chinese names, RFC 6266). index counts the message's attachments from 0, as the "
                + "conversation lists them. Answers 404 for an unknown message or index, 403 for a conversation of another team.";
        });
    }

    public override async Task HandleAsync(MessageAttachmentRequest request, CancellationToken cancellationToken)
    {
        var (raw, refusal) = await content.OpenAsync(User, request.Id, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        await using (raw)
        {
            using var mail = await MailReader.LoadAsync(raw!, cancellationToken: cancellationToken);
            if (request.Index < 0 || request.Index >= mail.Attachments.Count)
            {
                await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No attachment {request.Index}",
                    detail: $"The message has {mail.Attachments.Count} attachments, counted from 0."));
                return;
            }
            var attachment = mail.Attachments[request.Index];
            await using var bytes = new MemoryStream();
            await PartContent.WriteToAsync(attachment, bytes, cancellationToken);
            // Results.File writes Content-Disposition with filename*=UTF-8''... (RFC 6266) for non-ASCII names.
            await Send.ResultAsync(Results.File(bytes.ToArray(), PartContent.MediaType(attachment),
                PartContent.FileName(attachment) ?? $"attachment-{request.Index + 1}"));
        }
    }
}
