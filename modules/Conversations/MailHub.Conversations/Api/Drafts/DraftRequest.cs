using FastEndpoints;
using FluentValidation;
using MailHub.Conversations.Replies;

namespace MailHub.Conversations.Api.Drafts;

/// <summary>The conversation whose draft (the signed-in agent's) a request names.</summary>
internal sealed record ConversationDraftRequest([property: RouteParam] Guid Id);

/// <summary>
/// PUT /api/conversations/{id}/draft: what the composer holds. mode: reply, replyAll, forward or note; forwardMessageId: the
/// message a forward sends.
/// </summary>
internal sealed record SaveDraftRequest(
    [property: RouteParam] Guid Id,
    string Mode,
    IReadOnlyList<string>? To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    string? Text,
    string? Html,
    IReadOnlyList<Guid>? Attachments,
    Guid? ForwardMessageId)
{
    public Draft ToDraft() => new(Mode, To ?? [], Cc ?? [], Bcc ?? [], Text, Html, Attachments ?? [], ForwardMessageId);
}

internal sealed class SaveDraftRequestValidator : Validator<SaveDraftRequest>
{
    // A draft is saved as the agent types: generous, but bounded like the rest of the API.
    private const int MaxBody = 1_000_000;

    public SaveDraftRequestValidator()
    {
        RuleFor(r => r.Mode).Must(m => DraftMode.All.Contains(m)).WithMessage("The mode is reply, replyAll, forward or note.");
        RuleFor(r => r.Text).MaximumLength(MaxBody).WithMessage("A draft's text is at most 1,000,000 characters.");
        RuleFor(r => r.Html).MaximumLength(MaxBody).WithMessage("A draft's html is at most 1,000,000 characters.");
        RuleFor(r => r.To).Must(a => a is null || a.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Cc).Must(a => a is null || a.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Bcc).Must(a => a is null || a.Count <= 50).WithMessage("At most 50 addresses.");
        RuleFor(r => r.Attachments).Must(a => a is null || a.Count <= 50).WithMessage("At most 50 attachments.");
    }
}

/// <summary>
/// A draft as saved: what the composer holds and when it was saved (null: there is none, the composer starts empty);
/// attachmentFiles names and sizes the attachments that are still kept, for the composer to show them as they were.
/// </summary>
internal sealed record DraftResponse(
    string Mode, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string? Text, string? Html,
    IReadOnlyList<Guid> Attachments, IReadOnlyList<DraftAttachment> AttachmentFiles, Guid? ForwardMessageId, DateTimeOffset? UpdatedAt)
{
    public static DraftResponse Empty => new(DraftMode.Reply, [], [], [], null, null, [], [], null, null);

    public static DraftResponse Of(Draft d, IReadOnlyList<UploadInfo> files, DateTimeOffset updatedAt) =>
        new(d.Mode, d.To, d.Cc, d.Bcc, d.Text, d.Html, d.Attachments, files.Select(f => new DraftAttachment(f.Id, f.FileName, f.Size)).ToList(),
            d.ForwardMessageId, updatedAt);
}

/// <summary>An attachment of a draft: its upload id, file name and size in bytes.</summary>
internal sealed record DraftAttachment(Guid Id, string FileName, long Size);
