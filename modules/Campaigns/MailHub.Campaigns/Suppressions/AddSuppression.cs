using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Audiences;
using MailHub.Campaigns.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Suppressions;

/// <summary>An address to suppress; the reason is manual unless said (unsubscribed, bounced, complained).</summary>
internal sealed record AddSuppressionRequest(string Email, string? Reason, string? Note);

internal sealed record AddSuppressionResponse(string Email, string Reason, bool Added);

internal sealed class AddSuppressionValidator : Validator<AddSuppressionRequest>
{
    public AddSuppressionValidator()
    {
        RuleFor(r => r.Email).Must(e => e is not null && AudienceImport.Normalize(e) is not null)
            .WithMessage("Give one e-mail address, e.g. someone@example.com.");
        RuleFor(r => r.Reason).Must(r => SuppressionReasons.IsKnown(r!.Trim().ToLowerInvariant())).When(r => r.Reason is not null)
            .WithMessage("The reason is manual, unsubscribed, bounced or complained.");
        RuleFor(r => r.Note).MaximumLength(500).WithMessage("Keep the note to 500 characters.");
    }
}

/// <summary>POST /api/campaigns/suppressions: suppress an address by hand.</summary>
internal sealed class AddSuppression(SuppressionStore store) : Endpoint<AddSuppressionRequest, AddSuppressionResponse>
{
    public override void Configure()
    {
        Post("/campaigns/suppressions");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<AddSuppressionResponse>(StatusCodes.Status201Created, "application/json")
            .Produces<AddSuppressionResponse>(StatusCodes.Status200OK, "application/json"));
        Summary(s =>
        {
            s.Summary = "Suppress an address (admins): no campaign sends to it from now on.";
            s.Description = "201 when added, 200 when it was already suppressed (its first reason stays). Takes effect at once, also for "
                + "campaigns being sent: their recipients not yet handed to the outbox are skipped.";
        });
    }

    public override async Task HandleAsync(AddSuppressionRequest request, CancellationToken cancellationToken)
    {
        var email = AudienceImport.Normalize(request.Email)!;
        var reason = request.Reason?.Trim().ToLowerInvariant() ?? SuppressionReasons.Manual;
        var added = await store.AddAsync(email, reason, null, request.Note, cancellationToken);
        await Send.ResponseAsync(new AddSuppressionResponse(email, reason, added), added ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            cancellationToken);
    }
}
