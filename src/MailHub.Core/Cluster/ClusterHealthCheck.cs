using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MailHub.Core.Cluster;

/// <summary>/health's "cluster": this node's silo status and how many nodes the cluster has active.</summary>
internal sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var data = new Dictionary<string, object>
        {
            ["silo"] = silo.SiloAddress.ToString(),
            ["siloStatus"] = status.ToString(),
            ["activeSilos"] = active,
        };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"This node is active in a cluster of {active}.", data)
            : HealthCheckResult.Unhealthy(
                $"This node's silo is {status}, not active: it is starting, stopping or was declared dead; see the log for its membership messages.",
                data: data));
    }
}
