using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Inbound;

internal static class InboundProblems
{
    public static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such inbound message", detail: $"No message with id {id} was received; list them with GET /api/inbound/messages.");
}

/// <summary>A received message named by its id in the route.</summary>
internal sealed record InboundMessageIdRequest
{
    [FastEndpoints.RouteParam]
    public Guid Id { get; init; }
}
