using FastEndpoints;

namespace MailHub.Routing;

/// <summary>
/// The binder of an endpoint whose request is only route values and query parameters: it never reads the body. Scripts
/// send Content-Type: application/json with every call, bodiless GETs and DELETEs included, and the default binder would
/// refuse such a call for a body the endpoint does not take (minimal APIs ignored it). Conversations has the same binder;
/// one in Core for every module would be better.
/// </summary>
internal static class RouteAndQuery
{
    public static RequestBinder<TRequest> Binder<TRequest>() where TRequest : notnull =>
        new(BindingSource.RouteValues | BindingSource.QueryParams);
}
