using System.Net;
using System.Net.Sockets;
using MailHub.Core.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace MailHub.Core.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// Co-hosts this node's Orleans silo. With <c>ConnectionStrings:MailHub</c> the node joins the cluster recorded
    /// in that database (<see cref="PostgresMembershipTable"/>), so nodes on one PostgreSQL form one cluster; with the
    /// embedded PostgreSQL it is a cluster of one on loopback.
    /// </summary>
    public static IHostApplicationBuilder AddMailHubCluster(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var shared = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseRegistration.ConnectionStringName));
        var siloPort = settings.SiloPort == 0 ? FreePort() : settings.SiloPort;
        var gatewayPort = settings.GatewayPort ?? 0; // 0: no gateway

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            if (shared)
            {
                if (!IPAddress.TryParse(settings.AdvertisedAddress, out var advertised))
                    throw new InvalidOperationException(
                        $"MailHub:Cluster:AdvertisedAddress '{settings.AdvertisedAddress}' is not an IP address: set it to the address other nodes reach this one on.");
                silo.ConfigureEndpoints(advertised, siloPort, gatewayPort);
                silo.ConfigureServices(services => services.AddSingleton<IMembershipTable, PostgresMembershipTable>());
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, siloPort), settings.ServiceId, settings.ClusterId);
            }
            silo.Configure<ClusterMembershipOptions>(FailFast);
        });
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    /// <summary>
    /// A node that dies (kill -9, power) is declared dead in seconds rather than the defaults' minute: its
    /// mailboxes resume elsewhere only then. Probes every 2 s; two missed (each with up to 2 s to answer)
    /// make a suspicion, and the votes needed are half the live nodes (one of two). A node that stops
    /// writing IAmAlive for 3 × 5 s no longer counts as live when votes are counted. Measured: see
    /// docs/ARCHITECTURE.md, "Cluster".
    /// </summary>
    private static void FailFast(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.NumMissedTableIAmAliveLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        // A node that restarts on another port finds the dead one still "Active" and waits for it to be
        // declared dead before joining; bound that wait.
        options.MaxJoinAttemptTime = TimeSpan.FromMinutes(2);
        // Dead entries of nodes gone a day are removed from the table.
        options.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }

    /// <summary>
    /// <c>SiloPort</c> 0 (tests, throwaway nodes): a free port picked at random below Linux's ephemeral range
    /// (32768–60999), not one the kernel hands out. A port from <c>bind(0)</c> is free only until it is released
    /// here; any outgoing connection (Npgsql, a test's client) can take it before the silo binds it, which made
    /// "Address already in use" at silo start on a busy test machine. Below that range only another listener can
    /// take it, and parallel test processes rarely draw the same one of 12,000.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // taken: draw again
            }
        }
    }
}
