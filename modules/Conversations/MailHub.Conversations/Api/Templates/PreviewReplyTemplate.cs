using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Core.Audit;

namespace MailHub.Conversations.Api.Templates;

/// <summary>
/// POST /api/conversations/templates/preview: a text being written, and sample values for the conversation's placeholders
/// (the console's, in the user's language); {{agent.name}} is the caller's.
/// </summary>
internal sealed record PreviewReplyTemplateRequest(string Text, string? Html, string? CustomerName, string? CustomerEmail,
    string? ConversationNumber, string? ConversationSubject);

internal sealed class PreviewReplyTemplateRequestValidator : Validator<PreviewReplyTemplateRequest>
{
    public PreviewReplyTemplateRequestValidator()
    {
        RuleFor(r => r.Text).NotNull().WithMessage(ReplyTemplateRequestValidator.NoText).MaximumLength(100_000)
            .WithMessage("Keep a canned reply to 100,000 characters.");
        RuleFor(r => r.Html).MaximumLength(200_000).WithMessage("Keep a canned reply to 200,000 characters of HTML.");
    }
}

/// <summary>POST /api/conversations/templates/preview: the live preview of a canned reply while it is written, before it is saved.</summary>
[ChangesNothing]
internal sealed class PreviewReplyTemplate : Endpoint<PreviewReplyTemplateRequest, RenderedReplyTemplate>
{
    public override void Configure()
    {
        Post("/conversations/templates/preview");
        Summary(s =>
        {
            s.Summary = "A canned reply being written, filled in with sample values.";
            s.Description = "Fills {{agent.name}} with your name and {{customer.name}}, {{customer.email}}, {{conversation.number}} and "
                + "{{conversation.subject}} with the sample values sent (a placeholder without one stays as written), as "
                + "GET .../templates/{id}/render does for a real conversation. Changes nothing; 400 without a text.";
        });
    }

    public override async Task HandleAsync(PreviewReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        var values = TemplateValues.Of(request.CustomerName ?? "", request.CustomerEmail ?? "", Actor.Of(User).Name,
                request.ConversationNumber ?? "", request.ConversationSubject ?? "")
            .Where(v => v.Value.Length > 0).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        await Send.OkAsync(RenderedReplyTemplate.Of(request.Text, request.Html, values), cancellationToken);
    }
}
