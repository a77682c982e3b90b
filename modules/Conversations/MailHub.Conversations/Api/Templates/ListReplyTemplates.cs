using FastEndpoints;
using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Api.Templates;

/// <summary>GET /api/conversations/templates: the reply templates the caller may use, by name.</summary>
internal sealed class ListReplyTemplates(TemplateStore store, TemplateAccess access) : EndpointWithoutRequest<IReadOnlyList<ReplyTemplate>>
{
    public override void Configure()
    {
        Get("/conversations/templates");
        Summary(s =>
        {
            s.Summary = "The reply templates you may use, by name.";
            s.Description = "Everyone's, your teams' (admins and supervisors: every team's) and your own, each with its scope and its "
                + "text and HTML as written, placeholders unfilled (GET /api/conversations/templates/{id}/render fills them for one "
                + "conversation). Other agents' own are never listed.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(await access.ReaderAsync(User, cancellationToken), cancellationToken), cancellationToken);
}
