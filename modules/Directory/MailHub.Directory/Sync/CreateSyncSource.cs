using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Sync;

internal sealed record CreateSyncSourceRequest(string Name);

internal sealed class CreateSyncSourceRequestValidator : Validator<CreateSyncSourceRequest>
{
    public CreateSyncSourceRequestValidator() => RuleFor(r => r.Name).SourceName();
}

/// <summary>POST /api/directory/sync-sources (admins): a source and its token.</summary>
internal sealed class CreateSyncSource(SyncSourceStore sources) : Endpoint<CreateSyncSourceRequest, SyncSourceTokenResponse>
{
    public override void Configure()
    {
        Post("/directory/sync-sources");
        Roles(MailHub.Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<SyncSourceTokenResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Add a source that pushes the directory, and get its token (admins).";
            s.Description = "Answers 201 with the token, shown this once (only a hash of it is kept): the source calls "
                + "PUT /api/directory/sync/{name} with Authorization: Bearer {token}, and the token can call nothing else. "
                + "409 when the name is taken.";
        });
    }

    public override async Task HandleAsync(CreateSyncSourceRequest request, CancellationToken cancellationToken)
    {
        if (await sources.CreateAsync(request.Name, cancellationToken) is { } token)
            await Send.ResultAsync(TypedResults.Created($"/api/directory/sync-sources/{request.Name}", new SyncSourceTokenResponse(request.Name, token)));
        else
            await Send.ResultAsync(Problems.Conflict("name", $"There is already a source named '{request.Name}': renew its token instead."));
    }
}
