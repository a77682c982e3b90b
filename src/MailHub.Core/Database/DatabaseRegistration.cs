using MailHub.Core.EventSourcing;
using MailHub.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.Database;

public static class DatabaseRegistration
{
    public const string ConnectionStringName = "MailHub";

    /// <summary>
    /// Registers the <see cref="NpgsqlDataSource"/> for <c>ConnectionStrings:MailHub</c>; when that is not
    /// set, first starts the embedded PostgreSQL (stopped again when the host stops).
    /// </summary>
    public static async Task AddMailHubDatabaseAsync(this IHostApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            var dataDirectory = Path.IsPathRooted(options.DataDirectory)
                ? options.DataDirectory
                : Path.Combine(Directory.GetCurrentDirectory(), options.DataDirectory);
            var server = await EmbeddedPostgres.StartAsync(dataDirectory, loggers.CreateLogger<EmbeddedPostgres>(),
                options.ServerUser, durable: true, cancellationToken);
            builder.Services.AddSingleton(server);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            connectionString = server.ConnectionString;
        }
        builder.Services.AddNpgsqlDataSource(connectionString);
    }

    /// <summary>
    /// Creates or updates the event store's schema (when the host has one), then applies the core schema's and
    /// every module's migrations, all under one advisory lock.
    /// </summary>
    public static Task MigrateMailHubDatabaseAsync(this IServiceProvider services, IEnumerable<IMailHubModule> modules,
        CancellationToken cancellationToken = default) =>
        services.GetRequiredService<MigrationRunner>().ApplyAsync(
            [("core", CoreSchema.Migrations), .. modules.Select(m => (m.Schema, m.Migrations))], cancellationToken,
            services.GetService<Marten.IDocumentStore>() is null ? null : _ => services.ApplyEventStoreSchemaAsync());

    private static IServiceCollection AddNpgsqlDataSource(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithPreparedStatements(connectionString)));
        services.AddSingleton<MigrationRunner>();
        return services;
    }

    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string says otherwise: statements run again
    /// and again (the inbound batch writer's, the subscriptions') are parsed once per connection instead
    /// of on every run, and a pooled connection is then reset without dropping them. It took the SMTP
    /// listener's commit of one message from 6.2 to 4.6 ms (tools/bench/inbound-load.sh).
    /// They are still planned with their parameters on every run (plan_cache_mode): a generic plan cannot
    /// see how rare a search pattern is, and walked the whole activity index for a rare three-character
    /// Chinese query (130 ms instead of a few with the trigram index, tools/bench/conversations-list.sh).
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // NpgsqlConnectionStringBuilder.ContainsKey tells whether a keyword exists, not whether it was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            settings.MaxAutoPrepare = 64;
        if (settings.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true)
            settings.Options = $"{settings.Options} -c plan_cache_mode=force_custom_plan".Trim();
        return settings.ConnectionString;
    }

    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        // Hosted services stop in reverse order of registration; this one is registered first, so
        // it stops last, after everything that uses the database.
        public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync();
    }
}

/// <summary>The schema MailHub.Core owns: accounts, data-protection keys, Orleans membership.</summary>
public static class CoreSchema
{
    public static readonly IReadOnlyList<Migration> Migrations = Migration.FromEmbeddedScripts(typeof(CoreSchema).Assembly);
}
