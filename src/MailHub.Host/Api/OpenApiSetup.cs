using FastEndpoints.Swagger;
using NJsonSchema.Generation;
using NSwag;
using Scalar.AspNetCore;

namespace MailHub.Host.Api;

/// <summary>The OpenAPI document at /openapi/v1.json (generated from the endpoints, their records and validators) and the /docs reference over it.</summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static void AddMailHubOpenApi(this IServiceCollection services) =>
        services.SwaggerDocument(options =>
        {
            options.ShortSchemaNames = true;
            options.AutoTagPathSegmentIndex = 0; // tagged by module instead (ApiTags)
            // Our bearer tokens are opaque (ASP.NET Core's bearer token handler), not JWTs: declared below as plain HTTP bearer.
            options.EnableJWTBearerAuth = false;
            options.DocumentSettings = document =>
            {
                document.DocumentName = "v1";
                document.Title = "MailHub API";
                document.Version = "v1";
                document.Description = "The agent and admin API of MailHub. Sign in with POST /api/auth/token and send the token as "
                    + "`Authorization: Bearer <accessToken>` (the console signs in with POST /api/auth/sign-in instead: a session cookie, "
                    + "and the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header on every change). Errors are RFC 9457 problem "
                    + "details; field errors are keyed by the request field.";
                document.AddAuth("Bearer", new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken from POST /api/auth/token.",
                });
                document.SchemaSettings.DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull;
                document.SchemaSettings.SchemaProcessors.Add(new NonNullableIsRequired());
            };
        });

    public static void MapMailHubOpenApi(this WebApplication app)
    {
        app.UseOpenApi(settings => settings.Path = DocumentPath);
        app.MapScalarApiReference("/docs", Reference).AllowAnonymous();
    }

    private static void Reference(ScalarOptions scalar)
    {
        scalar
            .WithTitle("MailHub API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes("Bearer")
            .DisableDefaultFonts() // Inter and JetBrains Mono come from Scalar's CDN: offline, and outside the CSP
            .WithNonce() // a fresh nonce per page for its inline script, allowed by SecurityHeaders' CSP
            .DisableAgent(); // "Ask AI" is a service outside this host, as are the developer tools' deploy, share and SDKs
        scalar.ShowDeveloperTools = DeveloperToolsVisibility.Never;
    }
}
