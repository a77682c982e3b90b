using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>PUT /api/conversations/templates/{id}.</summary>
internal sealed class UpdateReplyTemplate(TemplateStore store) : Endpoint<UpdateReplyTemplateRequest, ReplyTemplate>
{
    public override void Configure()
    {
        Put("/conversations/templates/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Replace a reply template.";
            s.Description = "Its name, text and HTML become the ones sent (HTML left out: none). Answers the template; 400 without a "
                + "name or a text, 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(UpdateReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        if (await store.SaveAsync(request.Id, request.Name, request.Text, request.Html, User.AccountId(), cancellationToken) is { } template)
            await Send.OkAsync(template, cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
    }
}
