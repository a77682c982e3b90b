using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Api.Templates;

/// <summary>
/// A reply template as written: a name, the text, and optionally the HTML; both may hold placeholders. Scope: shared
/// (everyone's, the default), team (with <c>teamId</c>) or personal (the caller's own).
/// </summary>
internal sealed record ReplyTemplateRequest(string Name, string Text, string? Html, TemplateScope? Scope = null, Guid? TeamId = null);

/// <summary>PUT /api/conversations/templates/{id}: the template's new name, text, HTML and scope.</summary>
internal sealed record UpdateReplyTemplateRequest([property: RouteParam] Guid Id, string Name, string Text, string? Html,
    TemplateScope? Scope = null, Guid? TeamId = null);

/// <summary>The template a request names.</summary>
internal sealed record ReplyTemplateIdRequest([property: RouteParam] Guid Id);

// The same rules for a new template and a replaced one (two records: the replaced one's id comes from the route).
internal sealed class ReplyTemplateRequestValidator : Validator<ReplyTemplateRequest>
{
    public const int MaxNameLength = 200;
    public const string NoName = "Name the template.";
    public const string NoText = "Write the template's text.";
    public const string TeamOnlyForTeamScope = "Choose the team of a team reply (teamId), and none for a shared or personal one.";

    public ReplyTemplateRequestValidator()
    {
        RuleFor(r => r.Name).MaximumLength(MaxNameLength).NotEmpty().WithMessage(NoName);
        RuleFor(r => r.Text).NotNull().WithMessage(NoText);
        RuleFor(r => r.Scope).IsInEnum();
        RuleFor(r => r.TeamId).Must((r, teamId) => (r.Scope == TemplateScope.Team) == (teamId is not null)).WithMessage(TeamOnlyForTeamScope);
    }
}

internal sealed class UpdateReplyTemplateRequestValidator : Validator<UpdateReplyTemplateRequest>
{
    public UpdateReplyTemplateRequestValidator()
    {
        RuleFor(r => r.Name).MaximumLength(ReplyTemplateRequestValidator.MaxNameLength).NotEmpty().WithMessage(ReplyTemplateRequestValidator.NoName);
        RuleFor(r => r.Text).NotNull().WithMessage(ReplyTemplateRequestValidator.NoText);
        RuleFor(r => r.Scope).IsInEnum();
        RuleFor(r => r.TeamId).Must((r, teamId) => (r.Scope == TemplateScope.Team) == (teamId is not null))
            .WithMessage(ReplyTemplateRequestValidator.TeamOnlyForTeamScope);
    }
}
