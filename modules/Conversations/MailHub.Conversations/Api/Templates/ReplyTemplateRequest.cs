using FastEndpoints;
using FluentValidation;

namespace MailHub.Conversations.Api.Templates;

/// <summary>A reply template as written: a name, the text, and optionally the HTML; both may hold placeholders.</summary>
internal record ReplyTemplateRequest(string Name, string Text, string? Html);

/// <summary>PUT /api/conversations/templates/{id}: the template's new name, text and HTML.</summary>
internal sealed record UpdateReplyTemplateRequest([property: RouteParam] Guid Id, string Name, string Text, string? Html)
    : ReplyTemplateRequest(Name, Text, Html);

/// <summary>The template a request names.</summary>
internal sealed record ReplyTemplateIdRequest([property: RouteParam] Guid Id);

internal sealed class ReplyTemplateRequestValidator : Validator<ReplyTemplateRequest>
{
    public const int MaxNameLength = 200;

    public ReplyTemplateRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Name the template.").MaximumLength(MaxNameLength);
        RuleFor(r => r.Text).NotNull().WithMessage("Write the template's text.");
    }
}

internal sealed class UpdateReplyTemplateRequestValidator : Validator<UpdateReplyTemplateRequest>
{
    public UpdateReplyTemplateRequestValidator()
    {
        Include(new ReplyTemplateRequestValidator());
    }
}
