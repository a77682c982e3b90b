using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Contracts;
using MailHub.Routing.Contracts;
using MailHub.Routing.Presence;
using MailHub.Routing.Rules;
using Microsoft.AspNetCore.Http;
using AccountRoles = MailHub.Core.Accounts.Roles;

namespace MailHub.Routing.Teams;

/// <summary>PUT /api/routing/teams/{teamId}: a team's strategy and default capacity.</summary>
internal sealed record SaveTeamRoutingSettingsRequest([property: RouteParam] Guid TeamId, string Strategy, int? DefaultCapacity);

internal sealed class SaveTeamRoutingSettingsRequestValidator : Validator<SaveTeamRoutingSettingsRequest>
{
    public SaveTeamRoutingSettingsRequestValidator()
    {
        RuleFor(r => r.Strategy)
            .Must(strategy => strategy is not null && RoutingStrategy.IsKnown(strategy.Trim()))
            .WithMessage($"Choose how the team hands out conversations: \"{RoutingStrategy.RoundRobin}\", \"{RoutingStrategy.LeastOpen}\" or \"{RoutingStrategy.Manual}\".");
        RuleFor(r => r.DefaultCapacity)
            .InclusiveBetween(0, SetAgentPresenceRequest.MaxCapacity)
            .When(r => r.DefaultCapacity is not null)
            .WithMessage($"A capacity is how many open conversations an agent takes at once: 0 to {SetAgentPresenceRequest.MaxCapacity}.");
    }
}

/// <summary>
/// PUT /api/routing/teams/{teamId} (admins, supervisors). A default capacity is given to the team's members at once (through
/// each agent's grain, the one writer of capacity) and to agents who first appear in routing while in the team.
/// </summary>
internal sealed class SaveTeamRoutingSettings(TeamSettingsStore store, IMemberDirectory directory, IGrainFactory grains)
    : Endpoint<SaveTeamRoutingSettingsRequest, TeamSettings>
{
    public override void Configure()
    {
        Put("/routing/teams/{teamId:guid}");
        Roles(AccountRoles.Admin, AccountRoles.Supervisor);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set a team's strategy and default capacity (admins, supervisors).";
            s.Description = "strategy: round-robin (agents take turns), least-open (the agent with the fewest open conversations) or "
                + "manual (conversations wait in the team's queue); rules that name no strategy use it. defaultCapacity (0 to 1000, "
                + "or null for none): given now to every member of the team, and to agents who first go online while in it. "
                + "Answers the settings; 400 for another strategy or capacity, 404 when the directory has no such team.";
        });
    }

    public override async Task HandleAsync(SaveTeamRoutingSettingsRequest request, CancellationToken cancellationToken)
    {
        if (await directory.FindDepartmentAsync(request.TeamId, cancellationToken) is null)
        {
            await Send.ResultAsync(Problems.NotFound("team", request.TeamId));
            return;
        }
        var settings = new TeamSettings(request.TeamId, request.Strategy.Trim(), request.DefaultCapacity);
        await store.SaveAsync(settings, cancellationToken);
        if (settings.DefaultCapacity is { } capacity)
        {
            foreach (var member in await directory.MembersOfDepartmentAsync(request.TeamId, cancellationToken))
                await grains.GetGrain<IAgentGrain>(member.Id).SetPresenceAsync(null, capacity);
        }
        await Send.OkAsync(settings, cancellationToken);
    }
}
