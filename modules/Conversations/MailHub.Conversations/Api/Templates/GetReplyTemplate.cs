using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>GET /api/conversations/templates/{id}.</summary>
internal sealed class GetReplyTemplate(TemplateStore store, TemplateAccess access) : Endpoint<ReplyTemplateIdRequest, ReplyTemplate>
{
    public override void Configure()
    {
        Get("/conversations/templates/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One reply template.";
            s.Description = "The template as written, placeholders unfilled; 404 for an unknown id or one you may not use (another team's, another agent's own).";
        });
    }

    public override async Task HandleAsync(ReplyTemplateIdRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(request.Id, cancellationToken) is { } template && (await access.ReaderAsync(User, cancellationToken)).MaySee(template))
            await Send.OkAsync(template, cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
    }
}
