namespace MailHub.Host.Api;

/// <summary>The OpenAPI tag of an endpoint: its module, so /docs groups the reference by module.</summary>
internal static class ApiTags
{
    public static string Of(Type endpoint)
    {
        var assembly = endpoint.Assembly.GetName().Name ?? "";
        if (endpoint.Assembly == typeof(ApiTags).Assembly)
            return endpoint.Namespace?.Split('.')[^1] ?? "Auth"; // the host's own: MailHub.Host.Api.Auth, .Audit
        return assembly.StartsWith("MailHub.", StringComparison.Ordinal) ? assembly["MailHub.".Length..] : assembly;
    }
}
