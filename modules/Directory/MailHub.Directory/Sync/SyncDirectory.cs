using FastEndpoints;
using FluentValidation;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.People.Sync;

/// <summary>PUT /api/directory/sync/{source}: a source pushes its departments and members, with its own token.</summary>
internal sealed class SyncDirectory(DirectorySync sync) : Endpoint<SyncDirectoryRequest, SyncReport>
{
    public override void Configure()
    {
        Put("/directory/sync/{source}");
        AuthSchemes(SyncSourceAuthentication.SchemeName);
        Roles(SyncSourceAuthentication.Role);
        Description(d => d.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Push the directory from a source of truth (the source's token only).";
            s.Description = "Called with the source's own token (Authorization: Bearer mhsync_..., from POST /api/directory/sync-sources), "
                + "which can call nothing else; no console sign-in can call this. Departments and members are keyed by the source's "
                + "ids; parentId and departmentIds name the source's department ids (main one first). mode=full is the whole directory: "
                + "the source's members and departments it leaves out are deactivated (not deleted; their conversations stay). mode=delta "
                + "is only what changed (active=false deactivates). Members new to the directory get an agent's login without a password "
                + "(an admin sets one); a member with the same account made by hand or imported is taken over. Pushing the same body "
                + "twice changes nothing. Answers the report of what changed. Refused as a whole (nothing written): 400 for a push that "
                + "contradicts itself (unknown parent or department, a circle), 409 when an account or e-mail is another member's, 403 "
                + "for another source's token.";
        });
    }

    public override async Task HandleAsync(SyncDirectoryRequest request, CancellationToken cancellationToken)
    {
        if (User.FindFirst(SyncSourceAuthentication.SourceClaim)?.Value != request.Source)
        {
            await Send.ResultAsync(Problems.Forbidden($"This token is another source's: push to /api/directory/sync/{User.FindFirst(SyncSourceAuthentication.SourceClaim)?.Value}."));
            return;
        }
        try
        {
            await Send.OkAsync(await sync.PushAsync(request.Source, request, cancellationToken), cancellationToken);
        }
        catch (SyncRefusedException refused)
        {
            await Send.ResultAsync(refused.Conflict ? Problems.Conflict(refused.Field, refused.Message) : Problems.Invalid(refused.Field, refused.Message));
        }
        catch (Exception e) when (e is DuplicateEmailException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await Send.ResultAsync(Problems.Conflict("members", "An account or e-mail in the push is another member's (or was taken in the "
                + "console a moment ago); nothing was written. Check the members' e-mails and push again."));
        }
    }
}
