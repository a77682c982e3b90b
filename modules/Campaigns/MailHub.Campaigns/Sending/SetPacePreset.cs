using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Sending;

internal sealed record SetPacePresetRequest(string Provider, int PerMinute, int PerDay, string? Note);

internal sealed class SetPacePresetValidator : Validator<SetPacePresetRequest>
{
    public SetPacePresetValidator()
    {
        RuleFor(r => r.PerMinute).InclusiveBetween(1, 1_000_000).WithMessage("perMinute is between 1 and 1000000.");
        RuleFor(r => r.PerDay).InclusiveBetween(1, 100_000_000).WithMessage("perDay is between 1 and 100000000.");
        RuleFor(r => r.Note).MaximumLength(500).WithMessage("Keep the note to 500 characters.");
    }
}

/// <summary>PUT /api/campaigns/pace/presets/{provider}: changes a provider's pace for campaigns.</summary>
internal sealed class SetPacePreset(PacePresets presets) : Endpoint<SetPacePresetRequest, PacePreset>
{
    public override void Configure()
    {
        Put("/campaigns/pace/presets/{provider}");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Change a provider's pace for campaigns (admins).";
            s.Description = "Every mailbox of that provider without a pace of its own sends campaigns at this pace from the next round on. "
                + "404 for a provider that is not one of GET /api/campaigns/pace/presets.";
        });
    }

    public override async Task HandleAsync(SetPacePresetRequest request, CancellationToken cancellationToken)
    {
        var provider = request.Provider.Trim().ToLowerInvariant();
        if (!presets.IsKnown(provider))
        {
            await Send.ResultAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown provider",
                detail: $"There is no pace preset for '{request.Provider}': use one of GET /api/campaigns/pace/presets."));
            return;
        }
        await presets.SetAsync(provider, request.PerMinute, request.PerDay, string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            cancellationToken);
        await Send.OkAsync(await presets.FindAsync(provider, cancellationToken), cancellationToken);
    }
}
