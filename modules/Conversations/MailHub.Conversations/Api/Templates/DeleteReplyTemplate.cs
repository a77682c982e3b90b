using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>DELETE /api/conversations/templates/{id}.</summary>
internal sealed class DeleteReplyTemplate(TemplateStore store, TemplateAccess access) : Endpoint<ReplyTemplateIdRequest>
{
    public override void Configure()
    {
        Delete("/conversations/templates/{id:guid}");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Delete a reply template.";
            s.Description = "Answers 204; 403 for a team or shared reply when you are an agent, 404 for an unknown id or one you may "
                + "not see. Replies written from it are not touched.";
        });
    }

    public override async Task HandleAsync(ReplyTemplateIdRequest request, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(request.Id, cancellationToken);
        if (existing is null || !(await access.ReaderAsync(User, cancellationToken)).MaySee(existing))
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
        else if (TemplateAccess.RefusalToWrite(User, existing.Scope, existing.OwnerId) is { } refusal)
            await Send.ResultAsync(refusal);
        else if (await store.DeleteAsync(request.Id, cancellationToken))
            await Send.NoContentAsync(cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
    }
}
