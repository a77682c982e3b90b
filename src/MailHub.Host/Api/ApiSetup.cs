using MailHub.Host.Web;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FastEndpoints.Swagger;
using MailHub.Core.Database;
using MailHub.Core.Modules;
using MailHub.Host.Api.Audit;
using MailHub.Host.Api.Auth;
using Scalar.AspNetCore;

namespace MailHub.Host.Api;

internal static class ApiSetup
{
    public static void AddMailHubApi(this WebApplicationBuilder builder, IEnumerable<IMailHubModule> modules)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<NodeUnavailableHandler>();
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        // Every module's endpoints, validators and the host's own (auth).
        services.AddFastEndpoints(options =>
        {
            options.DisableAutoDiscovery = true;
            options.Assemblies = modules.Select(m => m.GetType().Assembly).Append(typeof(ApiSetup).Assembly).Distinct();
        });
        services.AddMailHubOpenApi();
        services.AddMailHubAuth();
        services.AddSignalR();
        services.AddAuthorization();
        services.AddMailHubRateLimits(builder.Configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    public static void UseMailHubApi(this WebApplication app, IEnumerable<IMailHubModule> modules)
    {
        app.UseMailHubSecurityHeaders();
        app.UseConsoleFiles();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMailHubAuth();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Scripts send `content-type: application/json` on every call (tools/qa/e2e.sh), GETs and empty POSTs too; a
        // request without a body has no JSON to bind (FastEndpoints would try, and refuse the empty input).
        app.Use((context, next) =>
        {
            if (context.Request.ContentLength is null or 0 && context.Request.Headers.TransferEncoding.Count == 0)
                context.Request.ContentType = null;
            return next(context);
        });

        app.UseFastEndpoints(config =>
        {
            config.Endpoints.RoutePrefix = "api";
            config.Endpoints.ShortNames = true; // operationId = the endpoint's class name (ListMailboxes, ReplyToConversation)
            // Tag each endpoint with its module (MailHub.Channels → "Channels"; the host's own by folder: "Auth", "Audit").
            config.Endpoints.Configurator = endpoint =>
            {
                endpoint.Description(d => d.WithTags(ApiTags.Of(endpoint.EndpointType)));
                endpoint.PostProcessor<AuditTrail>(Order.After); // an audit line for every successful change
            };
            ApiJson.Configure(config.Serializer.Options);
            ApiProblems.Configure(config.Errors);
        });
        app.MapMailHubOpenApi();
        app.MapHealth();

        var api = app.MapGroup("/api").RequireAuthorization();
        foreach (var module in modules)
            module.MapEndpoints(api);
        app.MapConsoleFallback();
    }
}

/// <summary>
/// One JSON shape for every answer: camelCase names, enums as camelCase strings, nulls written, and text as text
/// (客服 rather than \u5BA2\u670D: the body is UTF-8 and never inlined into HTML, so only JSON's own escapes are needed).
/// </summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}
