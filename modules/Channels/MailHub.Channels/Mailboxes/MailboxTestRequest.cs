using FluentValidation;
using FastEndpoints;

namespace MailHub.Channels.Mailboxes;

/// <summary>Settings to test before saving them, and where to tell the steps as they run.</summary>
internal sealed record MailboxTestRequest
{
    /// <summary>The settings, as for POST /api/channels/mailboxes.</summary>
    [FromBody]
    public MailboxRequest Settings { get; init; } = new();

    /// <summary>An id the console chose: each step is pushed to the caller's consoles as "mailboxTest" with it as it happens.</summary>
    [QueryParam]
    public Guid? Progress { get; init; }
}

/// <summary>A saved mailbox to test, and where to tell the steps as they run.</summary>
internal sealed record SavedMailboxTestRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>An id the console chose: each step is pushed to the caller's consoles as "mailboxTest" with it as it happens.</summary>
    [QueryParam]
    public Guid? Progress { get; init; }
}

/// <summary>The settings' shape, as for saving them.</summary>
internal sealed class MailboxTestRequestValidator : Validator<MailboxTestRequest>
{
    // The settings are the body itself: their errors are named as for POST /api/channels/mailboxes (outbound.port, not settings.outbound.port).
    public MailboxTestRequestValidator() => RuleFor(r => r.Settings).SetValidator(new MailboxRequestValidator()).OverridePropertyName("");
}
