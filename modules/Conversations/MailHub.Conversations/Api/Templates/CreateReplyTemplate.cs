using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>POST /api/conversations/templates.</summary>
internal sealed class CreateReplyTemplate(TemplateStore store, TemplateAccess access) : Endpoint<ReplyTemplateRequest, ReplyTemplate>
{
    public override void Configure()
    {
        Post("/conversations/templates");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<ReplyTemplate>(StatusCodes.Status201Created, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s =>
        {
            s.Summary = "Create a reply template.";
            s.Description = "A name and a text (and optionally HTML) with placeholders {{customer.name}}, {{customer.email}}, "
                + "{{agent.name}}, {{conversation.number}} and {{conversation.subject}}. scope: shared (everyone's; the default), "
                + "team (teamId: that team's agents use it) or personal (yours alone). Admins and supervisors write shared and team "
                + "replies, agents their personal ones (403 otherwise). Answers 201 with the template and its Location; 400 without a "
                + "name or a text, or with a team for another scope, or an unknown team.";
        });
    }

    public override async Task HandleAsync(ReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        var scope = request.Scope ?? TemplateScope.Shared;
        var owner = scope == TemplateScope.Personal ? User.AccountId() : (Guid?)null;
        if ((TemplateAccess.RefusalToWrite(User, scope, owner) ?? await access.RefusalOfTeamAsync(scope, request.TeamId, cancellationToken)) is { } refusal)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var template = await store.SaveAsync(null, request.Name, request.Text, request.Html, request.TeamId, owner, User.AccountId(), cancellationToken);
        await Send.ResultAsync(TypedResults.Created($"/api/conversations/templates/{template!.Id}", template));
    }
}
