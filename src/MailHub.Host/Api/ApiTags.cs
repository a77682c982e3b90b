namespace MailHub.Host.Api;

/// <summary>The OpenAPI tag of an endpoint: its module, so /docs groups the reference by module.</summary>
internal static class ApiTags
{
    public static string Of(Type endpoint)
    {
        var assembly = endpoint.Assembly.GetName().Name ?? "";
        if (endpoint.Assembly == typeof(ApiTags).Assembly)
            return "Auth";
        return assembly.StartsWith("MailHub.", StringComparison.Ordinal) ? assembly["MailHub.".Length..] : assembly;
    }
}
