using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>DELETE /api/conversations/templates/{id}.</summary>
internal sealed class DeleteReplyTemplate(TemplateStore store) : Endpoint<ReplyTemplateIdRequest>
{
    public override void Configure()
    {
        Delete("/conversations/templates/{id:guid}");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete a reply template.";
            s.Description = "Answers 204; 404 for an unknown id. Replies written from it are not touched.";
        });
    }

    public override async Task HandleAsync(ReplyTemplateIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
    }
}
