using System.Text.Json.Serialization;
using MailHub.Core.Database;
using MailHub.Core.Modules;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace MailHub.Host.Api;

internal static class ApiSetup
{
    public static void AddMailHubApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<NodeUnavailableHandler>();
        services.AddValidation();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme)
            .AddBearerToken(options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(8);
                options.Events.OnMessageReceived = LiveToken.FromQuery;
            });
        services.AddSignalR();
        services.AddAuthorization();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    public static void UseMailHubApi(this WebApplication app, IEnumerable<IMailHubModule> modules)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "MailHub API");
            ui.RoutePrefix = "docs";
            ui.DocumentTitle = "MailHub API";
        });
        app.MapHealth();

        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapAuthEndpoints();
        foreach (var module in modules)
            module.MapEndpoints(api);
    }
}
