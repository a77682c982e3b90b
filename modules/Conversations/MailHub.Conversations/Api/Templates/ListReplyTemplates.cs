using FastEndpoints;
using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Api.Templates;

/// <summary>GET /api/conversations/templates: every reply template, by name.</summary>
internal sealed class ListReplyTemplates(TemplateStore store) : EndpointWithoutRequest<IReadOnlyList<ReplyTemplate>>
{
    public override void Configure()
    {
        Get("/conversations/templates");
        Summary(s =>
        {
            s.Summary = "The reply templates, by name.";
            s.Description = "Every template with its text and HTML as written, placeholders unfilled "
                + "(GET /api/conversations/templates/{id}/render fills them for one conversation).";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(cancellationToken), cancellationToken);
}
