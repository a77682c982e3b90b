using FastEndpoints;
using FluentValidation;

namespace MailHub.Routing.Presence;

/// <summary>GET /api/routing/agents/{memberId}.</summary>
internal sealed record AgentPresenceRequest([property: RouteParam] Guid MemberId);

/// <summary>PUT /api/routing/agents/{memberId}/presence: a status, a capacity, or both.</summary>
internal sealed record SetAgentPresenceRequest([property: RouteParam] Guid MemberId, string? Status, int? Capacity)
{
    public const int MaxCapacity = 1000;
}

internal sealed class SetAgentPresenceRequestValidator : Validator<SetAgentPresenceRequest>
{
    public SetAgentPresenceRequestValidator()
    {
        RuleFor(r => r.Status)
            .NotNull().When(r => r.Capacity is null)
            .WithMessage("Give a status (online, away, offline), a capacity, or both.");
        RuleFor(r => r.Status)
            .Must(status => PresenceStore.IsKnown(status!.Trim().ToLowerInvariant())).When(r => r.Status is not null)
            .WithMessage(r => $"Unknown status '{r.Status}': use \"online\", \"away\" or \"offline\".");
        RuleFor(r => r.Capacity)
            .InclusiveBetween(0, SetAgentPresenceRequest.MaxCapacity)
            .WithMessage($"Capacity is how many open conversations the agent takes at once: 0 to {SetAgentPresenceRequest.MaxCapacity}.");
    }
}
