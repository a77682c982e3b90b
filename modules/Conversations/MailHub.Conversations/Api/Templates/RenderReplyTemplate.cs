using System.Globalization;
using System.Net;
using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Conversations.Api.Templates;

/// <summary>GET /api/conversations/templates/{id}/render?conversation={conversationId}.</summary>
internal sealed record RenderReplyTemplateRequest([property: RouteParam] Guid Id, [property: QueryParam] Guid Conversation);

internal sealed class RenderReplyTemplateRequestValidator : Validator<RenderReplyTemplateRequest>
{
    public RenderReplyTemplateRequestValidator()
    {
        RuleFor(r => r.Conversation).NotEmpty().WithMessage("Name the conversation to fill the template in for: ?conversation={id}.");
    }
}

/// <summary>The template's text and HTML filled in for one conversation (the HTML's values HTML-encoded).</summary>
internal sealed record RenderedReplyTemplate(string Text, string? Html)
{
    public static RenderedReplyTemplate Of(string text, string? html, IReadOnlyDictionary<string, string> values) =>
        new(TemplateStore.Fill(text, values), html is null ? null : TemplateStore.Fill(html, values.ToDictionary(
            v => v.Key, v => WebUtility.HtmlEncode(v.Value), StringComparer.OrdinalIgnoreCase)));
}

/// <summary>The placeholders a template may hold and their values.</summary>
internal static class TemplateValues
{
    public static IReadOnlyDictionary<string, string> Of(string customerName, string customerEmail, string agentName, string number, string subject) =>
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["customer.name"] = customerName,
            ["customer.email"] = customerEmail,
            ["agent.name"] = agentName,
            ["conversation.number"] = number,
            ["conversation.subject"] = subject,
        };
}

/// <summary>GET /api/conversations/templates/{id}/render: the template filled in for one conversation, ready to edit and send.</summary>
internal sealed class RenderReplyTemplate(TemplateStore store, TemplateAccess access, ConversationAccessGuard guard) : Endpoint<RenderReplyTemplateRequest, RenderedReplyTemplate>
{
    public override void Configure()
    {
        Get("/conversations/templates/{id:guid}/render");
        Description(d => d.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "A reply template filled in for one conversation.";
            s.Description = "Fills {{customer.name}}, {{customer.email}}, {{agent.name}} (the caller), {{conversation.number}} and "
                + "{{conversation.subject}}; unknown placeholders stay as written. Answers 404 for an unknown template or "
                + "conversation, 403 for a conversation of another team.";
        });
    }

    public override async Task HandleAsync(RenderReplyTemplateRequest request, CancellationToken cancellationToken)
    {
        var template = await store.FindAsync(request.Id, cancellationToken);
        if (template is null || !(await access.ReaderAsync(User, cancellationToken)).MaySee(template))
        {
            await Send.ResultAsync(Problems.NotFound("template", request.Id));
            return;
        }
        var (found, refusal) = await guard.CheckAsync(User, request.Conversation, cancellationToken);
        if (refusal is not null)
        {
            await Send.ResultAsync(refusal);
            return;
        }
        var values = TemplateValues.Of(found!.CustomerName, found.CustomerEmail, Actor.Of(User).Name,
            found.Number.ToString(CultureInfo.InvariantCulture), found.Subject);
        await Send.OkAsync(RenderedReplyTemplate.Of(template.Text, template.Html, values), cancellationToken);
    }
}
