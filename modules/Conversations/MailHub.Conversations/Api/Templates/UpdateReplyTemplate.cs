using FastEndpoints;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>PUT /api/conversations/templates/{id}.</summary>
internal sealed class UpdateReplyTemplate(TemplateStore store, TemplateAccess access) : Endpoint<UpdateReplyTemplateRequest, ReplyTemplate>
{
    public override void Configure()
    {
        Put("/conversations/templates/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Replace a reply template.";
            s.Description = "Its name, text, HTML and scope become the ones sent (HTML left out: none; scope left out: shared). Answers "
                + "the template; 400 without a name or a text, 403 for a team or shared reply when you are an agent, or another agent's "
                + "own, 404 for an unknown id or one you may not see.";
        });
    }

    public override async Task HandleAsync(UpdateReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(request.Id, cancellationToken);
        if (existing is null || !(await access.ReaderAsync(User, cancellationToken)).MaySee(existing))
        {
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
            return;
        }
        var scope = request.Scope ?? TemplateScope.Shared;
        var owner = scope == TemplateScope.Personal ? existing.OwnerId ?? User.AccountId() : (Guid?)null;
        if ((TemplateAccess.RefusalToWrite(User, existing.Scope, existing.OwnerId) ?? TemplateAccess.RefusalToWrite(User, scope, owner)
            ?? await access.RefusalOfTeamAsync(scope, request.TeamId, cancellationToken)) is { } refusal)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        if (await store.SaveAsync(request.Id, request.Name, request.Text, request.Html, request.TeamId, owner, User.AccountId(), cancellationToken) is { } template)
            await Send.OkAsync(template, cancellationToken);
        else
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
    }
}
