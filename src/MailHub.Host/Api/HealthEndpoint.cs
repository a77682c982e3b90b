using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHub.Host.Api;

internal static class HealthEndpoint
{
    /// <summary>GET /health: 200 with each dependency's state (and its details, if any), 503 when one is down.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new
            {
                status = report.Status == HealthStatus.Healthy ? "healthy" : report.Status == HealthStatus.Degraded ? "degraded" : "unhealthy",
                dependencies = report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new
                    {
                        status = entry.Value.Status == HealthStatus.Healthy ? "up" : "down",
                        detail = entry.Value.Description,
                        // e.g. the SMTP listeners by name and whether each is listening
                        data = entry.Value.Data.Count > 0 ? entry.Value.Data : null,
                    }),
            }),
        }).AllowAnonymous();
}
