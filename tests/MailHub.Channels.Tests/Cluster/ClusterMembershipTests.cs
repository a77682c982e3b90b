using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Channels.Tests.Support;
using MailHub.Testing;
using Xunit.Abstractions;

namespace MailHub.Channels.Tests.Cluster;

/// <summary>MailHub nodes as separate processes on one PostgreSQL form one cluster, and see a killed one leave it.</summary>
public sealed class ClusterMembershipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_nodes_on_one_database_see_each_other_and_the_survivor_sees_a_killed_node_declared_dead()
    {
        var connectionString = await TestDatabase.CreateAsync("membership");
        await using var first = await HostProcess.StartAsync(connectionString);
        await using var second = await HostProcess.StartAsync(connectionString);

        Assert.Equal(2, await WaitForActiveSilosAsync(first, 2, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, await WaitForActiveSilosAsync(second, 2, TimeSpan.FromSeconds(30)));

        second.KillHard();
        var clock = Stopwatch.StartNew();
        Assert.Equal(1, await WaitForActiveSilosAsync(first, 1, TimeSpan.FromSeconds(60)));
        output.WriteLine($"The killed node was declared dead after {clock.Elapsed.TotalSeconds:0.0} s.");
        var health = await first.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    /// <summary>What /health's cluster entry says once it says <paramref name="count"/> (or at the deadline).</summary>
    internal static async Task<int> WaitForActiveSilosAsync(HostProcess node, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var active = -1;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await node.Http.GetAsync("/health");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            active = body.GetProperty("dependencies").GetProperty("cluster").GetProperty("data").GetProperty("activeSilos").GetInt32();
            if (active == count)
                return active;
            await Task.Delay(200);
        }
        return active;
    }
}
