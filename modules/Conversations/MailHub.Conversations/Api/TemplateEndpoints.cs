using System.Globalization;
using System.Security.Claims;
using MailHub.Conversations.Domain;
using MailHub.Conversations.Replies;
using MailHub.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.Conversations.Api;

internal static class TemplateEndpoints
{
    public static void MapTemplates(this IEndpointRouteBuilder api)
    {
        var templates = api.MapGroup("/conversations/templates").WithTags("Reply templates");

        templates.MapGet("/", (TemplateStore store, CancellationToken cancellationToken) => store.ListAsync(cancellationToken));

        templates.MapGet("/{id:guid}", async (Guid id, TemplateStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } template ? Results.Ok(template) : Problems.NotFound("Template"));

        templates.MapPost("/", async (TemplateRequest request, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken) =>
        {
            if (Invalid(request) is { } problem)
                return problem;
            var template = await store.SaveAsync(null, request, user.AccountId(), cancellationToken);
            return Results.Created($"/api/conversations/templates/{template!.Id}", template);
        });

        templates.MapPut("/{id:guid}", async (Guid id, TemplateRequest request, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken) =>
        {
            if (Invalid(request) is { } problem)
                return problem;
            return await store.SaveAsync(id, request, user.AccountId(), cancellationToken) is { } template
                ? Results.Ok(template) : Problems.NotFound("Template");
        });

        templates.MapDelete("/{id:guid}", async (Guid id, TemplateStore store, CancellationToken cancellationToken) =>
            await store.DeleteAsync(id, cancellationToken) ? Results.NoContent() : Problems.NotFound("Template"));

        // The template filled in for one conversation, ready to edit and send.
        templates.MapGet("/{id:guid}/render", async (Guid id, Guid conversation, ClaimsPrincipal user, TemplateStore store,
            ConversationAccessGuard guard, CancellationToken cancellationToken) =>
        {
            var template = await store.FindAsync(id, cancellationToken);
            if (template is null)
                return Problems.NotFound("Template");
            var (found, refusal) = await guard.CheckAsync(user, conversation, cancellationToken);
            if (refusal is not null)
                return refusal;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["customer.name"] = found!.CustomerName,
                ["customer.email"] = found.CustomerEmail,
                ["agent.name"] = Actor.Of(user).Name,
                ["conversation.number"] = found.Number.ToString(CultureInfo.InvariantCulture),
                ["conversation.subject"] = found.Subject,
            };
            return Results.Ok(new
            {
                text = TemplateStore.Fill(template.Text, values),
                html = template.Html is null ? null : TemplateStore.Fill(template.Html, values.ToDictionary(
                    v => v.Key, v => System.Net.WebUtility.HtmlEncode(v.Value), StringComparer.OrdinalIgnoreCase)),
            });
        });
    }

    private static IResult? Invalid(TemplateRequest request) =>
        string.IsNullOrWhiteSpace(request.Name) || request.Text is null
            ? Problems.BadRequest("A template needs a name and a text.") : null;
}
