using FastEndpoints;

namespace MailHub.Host.Api.Auth;

/// <summary>An account named by its id in the route (for a directory member, the member's id).</summary>
public sealed record AccountRequest
{
    [RouteParam] public Guid Id { get; init; }
}
