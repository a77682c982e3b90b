using System.Net;
using MailHub.Core.Cluster;
using MailHub.Testing;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace MailHub.Core.Tests.Cluster;

/// <summary>
/// The membership table on a real PostgreSQL, against Orleans' IMembershipTable contract: every write moves the
/// table version and is refused when the version or the row was changed since it was read.
/// </summary>
public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private static int _generation = 1000;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await TestDatabase.CreateMigratedAsync("membership");
        _table = Table("test-cluster");
        await _table.InitializeMembershipTable(true);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task An_empty_table_has_version_0_and_an_etag()
    {
        var data = await _table.ReadAll();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);
    }

    [Fact]
    public async Task Insert_moves_the_version_and_a_second_insert_with_the_same_version_or_silo_is_refused()
    {
        var version = (await _table.ReadAll()).Version.Next();
        var entry = Entry();
        Assert.True(await _table.InsertRow(entry, version));
        Assert.False(await _table.InsertRow(Entry(), version)); // another silo, but the version was read before the first insert
        var data = await _table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(version.VersionEtag, data.Version.VersionEtag);
        Assert.False(await _table.InsertRow(entry, data.Version.Next())); // the same silo twice

        data = await _table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
        var (read, etag) = data.Members[0];
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.ProxyPort, read.ProxyPort);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.NotNull(etag);
    }

    [Fact]
    public async Task Update_needs_the_current_row_etag_and_table_version()
    {
        var data = await _table.ReadAll();
        var entry = Entry();
        Assert.True(await _table.InsertRow(entry, data.Version.Next()));
        data = await _table.ReadAll();
        var etag = data.TryGet(entry.SiloAddress)!.Item2;

        entry.Status = SiloStatus.Active;
        var suspecter = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 7);
        var suspectedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        entry.SuspectTimes = [Tuple.Create(suspecter, suspectedAt)];
        Assert.False(await _table.UpdateRow(entry, etag, new TableVersion(data.Version.Version, "999"))); // stale table version
        Assert.True(await _table.UpdateRow(entry, etag, data.Version.Next()));
        var after = await _table.ReadAll();
        Assert.False(await _table.UpdateRow(entry, etag, after.Version.Next())); // stale row etag
        var newEtag = after.TryGet(entry.SiloAddress)!.Item2;
        Assert.NotEqual(etag, newEtag);
        Assert.False(await _table.UpdateRow(entry, newEtag, data.Version.Next())); // right row, stale version

        var read = (await _table.ReadRow(entry.SiloAddress)).Members.Single().Item1;
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(suspecter, read.SuspectTimes!.Single().Item1);
        Assert.Equal(suspectedAt, read.SuspectTimes!.Single().Item2);
        Assert.Equal(2, (await _table.ReadAll()).Version.Version);
        Assert.Equal(newEtag, (await _table.ReadAll()).TryGet(entry.SiloAddress)!.Item2); // failed writes left it alone
    }

    [Fact]
    public async Task Concurrent_writers_of_one_version_have_exactly_one_winner()
    {
        var version = (await _table.ReadAll()).Version.Next();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _table.InsertRow(Entry(), version))));
        Assert.Single(results, ok => ok);
        var data = await _table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task IAmAlive_changes_only_the_liveness_time()
    {
        var entry = Entry();
        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        var before = await _table.ReadAll();
        var alive = Seconds(DateTime.UtcNow.AddSeconds(5));
        await _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });
        var after = await _table.ReadAll();
        Assert.Equal(alive, after.Members.Single().Item1.IAmAliveTime);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, after.Members.Single().Item1.Status);
    }

    [Fact]
    public async Task Read_one_row_gives_that_silo_and_the_version()
    {
        var first = Entry();
        var second = Entry();
        Assert.True(await _table.InsertRow(first, (await _table.ReadAll()).Version.Next()));
        Assert.True(await _table.InsertRow(second, (await _table.ReadAll()).Version.Next()));
        var row = await _table.ReadRow(second.SiloAddress);
        Assert.Equal(second.SiloAddress, row.Members.Single().Item1.SiloAddress);
        Assert.Equal(2, row.Version.Version);
        Assert.Empty((await _table.ReadRow(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1))).Members);
        Assert.Equal(2, (await _table.ReadAll()).Members.Count);
    }

    [Fact]
    public async Task Cleanup_removes_old_entries_except_active_ones_and_clusters_are_apart()
    {
        var other = Table("other-cluster");
        await other.InitializeMembershipTable(true);
        var elsewhere = Entry();
        elsewhere.IAmAliveTime = elsewhere.StartTime = Seconds(DateTime.UtcNow.AddDays(-10));
        Assert.True(await other.InsertRow(elsewhere, (await other.ReadAll()).Version.Next()));

        var fresh = Entry();
        Assert.True(await _table.InsertRow(fresh, (await _table.ReadAll()).Version.Next()));
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            var old = Entry();
            old.Status = status;
            old.IAmAliveTime = old.StartTime = Seconds(DateTime.UtcNow.AddDays(-10));
            Assert.True(await _table.InsertRow(old, (await _table.ReadAll()).Version.Next()));
        }
        await _table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-7));

        var left = (await _table.ReadAll()).Members.Select(m => m.Item1).ToList();
        Assert.Equal(2, left.Count);
        Assert.Contains(left, m => m.SiloAddress.Equals(fresh.SiloAddress));
        Assert.Contains(left, m => m.Status == SiloStatus.Active);
        Assert.Single((await other.ReadAll()).Members); // another cluster's rows are not this one's to clean

        await _table.DeleteMembershipTableEntries("test-cluster");
        await _table.InitializeMembershipTable(true);
        Assert.Empty((await _table.ReadAll()).Members);
        Assert.Single((await other.ReadAll()).Members);
    }

    private PostgresMembershipTable Table(string clusterId) =>
        new(_dataSource, Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "mailhub" }));

    private static MembershipEntry Entry()
    {
        var now = Seconds(DateTime.UtcNow);
        var address = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 12345), Interlocked.Increment(ref _generation));
        return new MembershipEntry
        {
            SiloAddress = address,
            HostName = "test-host",
            SiloName = "silo-" + address.Generation,
            Status = SiloStatus.Joining,
            ProxyPort = 0,
            StartTime = now,
            IAmAliveTime = now,
        };
    }

    private static DateTime Seconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
