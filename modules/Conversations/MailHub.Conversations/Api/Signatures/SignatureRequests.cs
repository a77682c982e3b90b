using FastEndpoints;
using FluentValidation;

namespace MailHub.Conversations.Api.Signatures;

/// <summary>A signature to save: text, and html for the rich-text composer; both empty removes it.</summary>
internal sealed record SaveSignatureRequest(string? Text, string? Html);

/// <summary>PUT /api/conversations/signatures/mailboxes/{mailboxId}: the mailbox's signature.</summary>
internal sealed record SaveMailboxSignatureRequest([property: RouteParam] Guid MailboxId, string? Text, string? Html);

/// <summary>PUT /api/conversations/signatures/agents/{agentId}: an agent's signature.</summary>
internal sealed record SaveAgentSignatureRequest([property: RouteParam] Guid AgentId, string? Text, string? Html);

internal sealed class SaveAgentSignatureRequestValidator : Validator<SaveAgentSignatureRequest>
{
    public SaveAgentSignatureRequestValidator()
    {
        RuleFor(r => r.Text).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
        RuleFor(r => r.Html).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
    }
}

internal sealed class SaveSignatureRequestValidator : Validator<SaveSignatureRequest>
{
    public SaveSignatureRequestValidator()
    {
        RuleFor(r => r.Text).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
        RuleFor(r => r.Html).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
    }
}

internal sealed class SaveMailboxSignatureRequestValidator : Validator<SaveMailboxSignatureRequest>
{
    public SaveMailboxSignatureRequestValidator()
    {
        RuleFor(r => r.Text).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
        RuleFor(r => r.Html).MaximumLength(SignatureLimits.MaxLength).WithMessage("A signature is at most 10,000 characters.");
    }
}

internal static class SignatureLimits
{
    public const int MaxLength = 10_000;
}

/// <summary>A signature as saved (text, and html or null).</summary>
internal sealed record SignatureResponse(string Text, string? Html);

/// <summary>
/// The composer's setup in a conversation: its mailbox's and the signed-in agent's signatures (null where none is set), the
/// largest attachment in bytes, how many seconds a reply can be undone, and whom "Reply all" copies: the other
/// recipients of the customer's latest message (without this mailbox and the customer).
/// </summary>
internal sealed record ComposerSetupResponse(SignatureResponse? Mailbox, SignatureResponse? Agent, long MaxUploadBytes, int UndoSeconds,
    IReadOnlyList<string> ReplyAllCc);
