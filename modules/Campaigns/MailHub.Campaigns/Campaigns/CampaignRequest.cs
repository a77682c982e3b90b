using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Content;

namespace MailHub.Campaigns.Campaigns;

/// <summary>
/// A campaign as written (POST /api/campaigns, PUT /api/campaigns/{id} while a draft): the audience, the sending mailbox
/// or mailboxes (1..20, in rotation: each round goes through one with pace left), subject, HTML and/or text with merge fields (Liquid: <c>{{ name }}</c>, custom fields,
/// <c>{{ name | default: "customer" }}</c>, <c>{{ unsubscribe_url }}</c>), defaults for fields a recipient lacks, the
/// campaign's own cap per minute, when to send, and whether to track opens (a pixel) and clicks (signed redirect links).
/// </summary>
internal sealed record CampaignRequest(string Name, Guid AudienceId, IReadOnlyList<Guid> MailboxIds, string Subject, string? Html, string? Text,
    IReadOnlyDictionary<string, string>? Defaults, int? PerMinute, DateTimeOffset? SendAt, bool? TrackOpens, bool? TrackClicks);

internal sealed class CampaignRequestValidator : Validator<CampaignRequest>
{
    public CampaignRequestValidator()
    {
        RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the campaign a name, e.g. \"Spring sale 2027\".")
            .MaximumLength(200).WithMessage("Keep the campaign's name to 200 characters.");
        RuleFor(r => r.AudienceId).NotEmpty().WithMessage("Name the audience to send to (an id from GET /api/campaigns/audiences).");
        RuleFor(r => r.MailboxIds).Must(m => m is { Count: >= 1 and <= MaxMailboxes })
            .WithMessage($"Name 1 to {MaxMailboxes} mailboxes to send through (mailboxIds: [id, ...]); with several, the campaign rotates over them.")
            .Must(m => m is null || m.Distinct().Count() == m.Count).WithMessage("Name each mailbox once in mailboxIds.");
        RuleFor(r => r.Subject).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Write a subject.")
            .MaximumLength(500).WithMessage("Keep the subject to 500 characters.")
            .Must(Parses).WithMessage((_, s) => TemplateError(s));
        RuleFor(r => r.Html).MaximumLength(1_000_000).WithMessage("Keep the HTML to 1,000,000 characters.")
            .Must(Parses).When(r => r.Html is not null).WithMessage((_, s) => TemplateError(s));
        RuleFor(r => r.Text).MaximumLength(500_000).WithMessage("Keep the text to 500,000 characters.")
            .Must(Parses).When(r => r.Text is not null).WithMessage((_, s) => TemplateError(s));
        RuleFor(r => r.Html).Must((r, _) => !string.IsNullOrWhiteSpace(r.Html) || !string.IsNullOrWhiteSpace(r.Text))
            .WithMessage("Write the message as HTML, as text, or both.");
        RuleFor(r => r.Defaults).Must(d => d!.Count <= 100 && d.All(p => p.Key.Length is > 0 and <= 100 && (p.Value ?? "").Length <= 1000))
            .When(r => r.Defaults is not null).WithMessage("At most 100 defaults, each name 1 to 100 characters and value up to 1000.");
        RuleFor(r => r.PerMinute).InclusiveBetween(1, 100_000).When(r => r.PerMinute is not null)
            .WithMessage("perMinute is between 1 and 100000 (the mailbox's own pace applies too).");
    }

    public const int MaxMailboxes = 20;

    private static bool Parses(string? template) => template is null || MergeTemplate.TryParse(template, out _);

    private static string TemplateError(string? template) =>
        MergeTemplate.TryParse(template ?? "", out var error) ? "" : $"The merge fields do not parse: {error}. Write them as {{{{ name }}}}.";
}

/// <summary>A campaign with its recipients' counts.</summary>
internal sealed record CampaignResponse(Guid Id, string Name, Guid AudienceId, IReadOnlyList<Guid> MailboxIds, string Subject, string? Html, string? Text,
    IReadOnlyDictionary<string, string> Defaults, int? PerMinute, DateTimeOffset? SendAt, bool TrackOpens, bool TrackClicks, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, CampaignCounts Counts)
{
    public static CampaignResponse Of(Campaign c, CampaignCounts counts) => new(c.Id, c.Name, c.AudienceId, c.MailboxIds, c.Subject, c.Html, c.Text,
        c.Defaults, c.PerMinute, c.SendAt, c.TrackOpens, c.TrackClicks, c.Status, c.CreatedAt, c.StartedAt, c.FinishedAt, counts);
}
