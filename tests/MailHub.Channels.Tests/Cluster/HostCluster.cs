using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Npgsql;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>
/// MailHub nodes as separate host processes on one PostgreSQL, each on its own loopback HTTP, SMTP and silo ports:
/// one cluster through the membership table in that database. Disposing it ends every node still running.
/// </summary>
internal sealed class HostCluster : IAsyncDisposable
{
    private HostCluster(IReadOnlyList<HostProcess> nodes) => Nodes = nodes;

    public IReadOnlyList<HostProcess> Nodes { get; }

    /// <summary>
    /// Starts <paramref name="count"/> nodes: the first alone (it applies the migrations), then the others together;
    /// returns once every node's /health counts them all active. Node i gets <paramref name="settings"/> and then
    /// <paramref name="nodeSettings"/>(i); its database connections are named <see cref="ApplicationName"/>(i).
    /// </summary>
    public static async Task<HostCluster> StartAsync(string connectionString, int count, IDictionary<string, string>? settings = null,
        Func<int, IDictionary<string, string>>? nodeSettings = null)
    {
        Task<HostProcess> Start(int node)
        {
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
            foreach (var (key, value) in nodeSettings?.Invoke(node) ?? new Dictionary<string, string>())
                all[key] = value;
            var named = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName(node) }.ConnectionString;
            return HostProcess.StartAsync(named, all);
        }

        var started = new List<HostProcess>();
        try
        {
            started.Add(await Start(0));
            var others = Enumerable.Range(1, count - 1).Select(Start).ToList();
            // Each one that started is disposed even when another failed.
            await ((Task)Task.WhenAll(others)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            started.AddRange(others.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            await Task.WhenAll(others);
            foreach (var node in started)
            {
                var active = await WaitForActiveSilosAsync(node, count, TimeSpan.FromSeconds(30));
                if (active != count)
                    throw new TimeoutException($"A node's /health counts {active} active nodes of {count} after 30 s:\n{node.Output}");
            }
            return new HostCluster(started);
        }
        catch
        {
            foreach (var node in started)
                await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>What node <paramref name="node"/>'s connections are called in pg_stat_activity: which node runs a statement.</summary>
    public static string ApplicationName(int node) => $"mailhub-node-{node}";

    /// <summary>What the node's /health cluster entry says once it counts <paramref name="count"/> active nodes (or at the deadline).</summary>
    public static async Task<int> WaitForActiveSilosAsync(HostProcess node, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var active = -1;
        while (DateTime.UtcNow < deadline)
        {
            active = (await ClusterEntryAsync(node)).GetProperty("activeSilos").GetInt32();
            if (active == count)
                return active;
            await Task.Delay(200);
        }
        return active;
    }

    /// <summary>The node's own silo address as its /health tells it (as Orleans writes it in the node's log).</summary>
    public static async Task<string> SiloAsync(HostProcess node) =>
        (await ClusterEntryAsync(node)).GetProperty("silo").GetString()!;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
    }

    private static async Task<JsonElement> ClusterEntryAsync(HostProcess node)
    {
        using var response = await node.Http.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("dependencies").GetProperty("cluster").GetProperty("data");
    }
}
