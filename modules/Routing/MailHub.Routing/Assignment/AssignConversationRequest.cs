using FastEndpoints;
using FluentValidation;

namespace MailHub.Routing.Assignment;

/// <summary>POST /api/conversations/{id}/assign and /transfer: to an agent or a team, with an optional note.</summary>
internal sealed record AssignConversationRequest([property: RouteParam] Guid Id, Guid? AgentId, Guid? TeamId, string? Note, long? ExpectedVersion)
{
    public const int MaxNoteLength = 2000;
}

/// <summary>The request's shape; whether the agent or team exists is the endpoint's check (the directory's state).</summary>
internal sealed class AssignConversationRequestValidator : Validator<AssignConversationRequest>
{
    public AssignConversationRequestValidator()
    {
        RuleFor(r => r.AgentId)
            .Must((request, agentId) => (agentId is null) != (request.TeamId is null))
            .WithMessage("Give either agentId (an agent) or teamId (a team), not both.");
        RuleFor(r => r.Note)
            .MaximumLength(AssignConversationRequest.MaxNoteLength)
            .WithMessage($"Keep the note to {AssignConversationRequest.MaxNoteLength} characters.");
    }
}
