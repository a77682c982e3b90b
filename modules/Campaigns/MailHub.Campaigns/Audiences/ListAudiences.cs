using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Audiences;

internal sealed record ListAudiencesResponse(IReadOnlyList<AudienceSummary> Items);

/// <summary>GET /api/campaigns/audiences: the uploaded lists with their counts by state.</summary>
internal sealed class ListAudiences(AudienceStore audiences) : EndpointWithoutRequest<ListAudiencesResponse>
{
    public override void Configure()
    {
        Get("/campaigns/audiences");
        Roles(Core.Accounts.Roles.Admin);
        Summary(s =>
        {
            s.Summary = "List the audiences (admins), newest first.";
            s.Description = "Each list with its custom fields and how many addresses are subscribed, unsubscribed, bounced or complained.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(new ListAudiencesResponse(await audiences.ListAsync(null, cancellationToken)), cancellationToken);
}

internal sealed record AudienceMembersRequest(Guid Id, string? State, int? Limit, int? Offset);

internal sealed record AudienceMembersResponse(AudienceSummary Audience, IReadOnlyList<AudienceMember> Items, long Total);

/// <summary>GET /api/campaigns/audiences/{id}: one list, its counts and a page of its members (state= filters).</summary>
internal sealed class GetAudience(AudienceStore audiences) : Endpoint<AudienceMembersRequest, AudienceMembersResponse>
{
    public override void Configure()
    {
        Get("/campaigns/audiences/{id}");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One audience (admins): its counts and a page of its members.";
            s.Description = "state= (subscribed, unsubscribed, bounced, complained) filters; limit (default 50, at most 500) and offset page. 404 for an unknown id.";
        });
    }

    public override async Task HandleAsync(AudienceMembersRequest request, CancellationToken cancellationToken)
    {
        if ((await audiences.ListAsync(request.Id, cancellationToken)).FirstOrDefault() is not { } audience)
        {
            await Send.ResultAsync(Core.Http.Problems.NotFound("audience", request.Id));
            return;
        }
        var (items, total) = await audiences.MembersAsync(request.Id, request.State, Math.Clamp(request.Limit ?? 50, 1, 500),
            Math.Max(0, request.Offset ?? 0), cancellationToken);
        await Send.OkAsync(new AudienceMembersResponse(audience, items, total), cancellationToken);
    }
}
