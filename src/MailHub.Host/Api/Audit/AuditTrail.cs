using FastEndpoints;
using MailHub.Core.Audit;

namespace MailHub.Host.Api.Audit;

/// <summary>
/// Writes an audit line for every successful unsafe call (POST, PUT, PATCH, DELETE answered 2xx) of every endpoint, once,
/// as a global post-processor: who (account id and e-mail), the operation (the endpoint's name, e.g. <c>UpdateMailbox</c>),
/// method, path with its ids, the target (the route's id, else the Location of what was created), status, IP. Never the
/// request body, so no password or authorization code is written. Endpoints marked <see cref="AuditedByItselfAttribute"/>
/// (sign-in, sign-out, passwords) write their own; those marked <see cref="ChangesNothingAttribute"/> (previews, dry runs) none.
/// FastEndpoints makes one processor per endpoint and keeps it; the audit log is taken from the request's own services, so
/// with several hosts in one process (the tests, a second node) each writes to its own database, never a disposed one.
/// </summary>
internal sealed class AuditTrail : IGlobalPostProcessor
{
    public async Task PostProcessAsync(IPostProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.HasExceptionOccurred || http.Response.StatusCode is < 200 or >= 300)
            return;
        if (http.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>() is not { } endpoint
            || Attribute.IsDefined(endpoint.EndpointType, typeof(AuditedByItselfAttribute))
            || Attribute.IsDefined(endpoint.EndpointType, typeof(ChangesNothingAttribute)))
            return;
        var audit = http.RequestServices.GetRequiredService<AuditLog>();
        await audit.WriteAsync(AuditRecord.Of(http, endpoint.EndpointType.Name, TargetOf(http), http.Response.StatusCode));
    }

    private static string? TargetOf(HttpContext http)
    {
        var route = http.Request.RouteValues;
        if (route.TryGetValue("id", out var id) && id is not null)
            return id.ToString();
        // The Location's last segment is escaped (a relay account "审计-relay"): the log keeps the name as the route values do.
        if (http.Response.Headers.Location.ToString() is { Length: > 0 } location)
            return Uri.UnescapeDataString(location.TrimEnd('/').Split('/')[^1]);
        return route.Values.FirstOrDefault(v => v is not null)?.ToString();
    }
}
