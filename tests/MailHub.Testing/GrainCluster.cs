using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using MailHub.Core.Live;
using MailHub.Core.Modules;
using MailHub.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;
using Xunit;

namespace MailHub.Testing;

/// <summary>
/// An Orleans TestCluster of several silos in this process whose grains get MailHub's services on one fresh PostgreSQL
/// database, migrated as the host migrates it. The modules' background work (subscriptions, listeners, workers,
/// live fan-out) does not run: a test calls the grains itself, from whichever silo it likes. Use one per test class
/// (<c>IClassFixture&lt;GrainCluster&gt;</c>).
/// </summary>
public class GrainCluster : IAsyncLifetime
{
    private static readonly IReadOnlyList<IMailHubModule> Modules =
    [
        new MailHub.Channels.ChannelsModule(),
        new MailHub.People.DirectoryModule(),
        new MailHub.Routing.RoutingModule(),
        new MailHub.Conversations.ConversationsModule(),
    ];

    private InProcessTestCluster? _cluster;

    public const int Silos = 3;

    /// <summary>The silos' connections call themselves this in pg_stat_activity.</summary>
    public const string SiloApplicationName = "mailhub-test-silo";

    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration for the silos (set in a derived fixture's constructor).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>The test's own way into the database (the silos each have theirs).</summary>
    public NpgsqlDataSource Database { get; private set; } = null!;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed yet.");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("grains");
        Database = NpgsqlDataSource.Create(ConnectionString);

        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration["ConnectionStrings:MailHub"] = ConnectionString;
            foreach (var (key, value) in Settings)
                host.Configuration[key] = value;
            host.Services.AddSingleton(_ => NpgsqlDataSource.Create(
                new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = SiloApplicationName }.ConnectionString));
            host.Services.AddSingleton<LivePublisher>(); // queues what writers publish; nothing sends it here
            host.Services.Configure<LiveOptions>(host.Configuration.GetSection(LiveOptions.Section));
            host.Services.AddMailHubSecurity();
            // The event store among the filtered services, so its async daemon (the subscriptions) does not run.
            var modules = new ServiceCollection().AddMailHubEventStore();
            foreach (var module in Modules)
                module.AddServices(modules, host.Configuration);
            foreach (var service in modules.Where(s => s.ServiceType != typeof(IHostedService)))
                host.Services.Add(service);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        await MigrateAsync();
    }

    // As the host migrates: Marten's event-store schema first (a silo's store knows the modules' event types), then the
    // core's and every module's migrations. Nothing in a silo touches the database before a test calls a grain.
    private Task MigrateAsync() =>
        new MigrationRunner(Database, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync([("core", CoreSchema.Migrations), .. Modules.Select(m => (m.Schema, m.Migrations))],
                first: _ => ServicesOf(0).ApplyEventStoreSchemaAsync());

    /// <summary>The grain factory of silo <paramref name="silo"/> (0 to <see cref="Silos"/> - 1): calls made from that node.</summary>
    public IGrainFactory GrainsOf(int silo) => ServicesOf(silo).GetRequiredService<IGrainFactory>();

    /// <summary>The services of silo <paramref name="silo"/>, as a node of the host would have them.</summary>
    public IServiceProvider ServicesOf(int silo) => Cluster.GetSiloServiceProvider(Cluster.Silos[silo].SiloAddress);

    /// <summary>
    /// How many transactions in the database ended in a rollback so far (a command that lost a race for a stream's
    /// version rolls back before it tries again). The silos' idle connections are closed first and waited for,
    /// since a server process reports its counts when it exits.
    /// </summary>
    public async Task<long> RollbacksAsync()
    {
        foreach (var silo in Cluster.Silos)
            Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<NpgsqlDataSource>().Clear();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", SiloApplicationName) > 0)
            await Task.Delay(50, timeout.Token);
        return await ScalarAsync<long>("SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
