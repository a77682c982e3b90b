using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHub.Channels.Smtp;

/// <summary>The "smtp" entry of /health: each listener by name and whether it is listening.</summary>
internal sealed class SmtpListenerHealthCheck(SmtpListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!listener.Enabled)
            return Task.FromResult(HealthCheckResult.Healthy("The SMTP listener is turned off."));

        var listeners = listener.Listeners;
        var data = new Dictionary<string, object>
        {
            ["listeners"] = listeners.Select(l => new { name = l.Name, listening = l.Bound is not null, address = l.Bound?.ToString() }).ToList(),
        };
        var down = listeners.Where(l => l.Bound is null).Select(l => l.Name).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy("Listening on " + string.Join(", ", listeners.Select(l => $"{l.Name} ({l.Bound})")), data)
            : HealthCheckResult.Unhealthy("Not listening: " + string.Join(", ", down), data: data));
    }
}
