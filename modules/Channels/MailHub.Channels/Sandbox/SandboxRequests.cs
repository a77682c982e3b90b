using FastEndpoints;
using FluentValidation;
using MailHub.Channels.Listing;

namespace MailHub.Channels.Sandbox;

/// <summary>A captured message named by its id in the route.</summary>
internal sealed record SandboxMessageIdRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>What to wait for (the list's filters) and for how long.</summary>
internal sealed record SandboxWaitRequest : MessageFilterRequest
{
    public const double DefaultSeconds = 30;
    public const double MaxSeconds = 300;

    /// <summary>Seconds to wait, 0 to 300; 30 when left out.</summary>
    [QueryParam]
    public double? Timeout { get; init; }
}

internal sealed class SandboxWaitRequestValidator : Validator<SandboxWaitRequest>
{
    public SandboxWaitRequestValidator() =>
        RuleFor(r => r.Timeout).InclusiveBetween(0, SandboxWaitRequest.MaxSeconds)
            .WithMessage($"timeout is in seconds, between 0 and {SandboxWaitRequest.MaxSeconds}.");
}

/// <summary>Which captures to delete: one mailbox's, or all when left out.</summary>
internal sealed record SandboxDeleteRequest
{
    [QueryParam]
    public Guid? Mailbox { get; init; }
}
