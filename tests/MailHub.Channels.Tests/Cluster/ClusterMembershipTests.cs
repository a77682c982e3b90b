using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
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
        await using var cluster = await HostCluster.StartAsync(connectionString, 2); // returns once both count two active nodes
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);

        second.KillHard();
        var clock = Stopwatch.StartNew();
        Assert.Equal(1, await HostCluster.WaitForActiveSilosAsync(first, 1, TimeSpan.FromSeconds(60)));
        output.WriteLine($"The killed node was declared dead after {clock.Elapsed.TotalSeconds:0.0} s.");
        var health = await first.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
