using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>POST /api/conversations/templates.</summary>
internal sealed class CreateReplyTemplate(TemplateStore store) : Endpoint<ReplyTemplateRequest, ReplyTemplate>
{
    public override void Configure()
    {
        Post("/conversations/templates");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<ReplyTemplate>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "Create a reply template.";
            s.Description = "A name and a text (and optionally HTML) with placeholders {{customer.name}}, {{customer.email}}, "
                + "{{agent.name}}, {{conversation.number}} and {{conversation.subject}}. Answers 201 with the template and its "
                + "Location; 400 without a name or a text.";
        });
    }

    public override async Task HandleAsync(ReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        var template = await store.SaveAsync(null, request.Name, request.Text, request.Html, User.AccountId(), cancellationToken);
        await Send.ResultAsync(TypedResults.Created($"/api/conversations/templates/{template!.Id}", template));
    }
}
