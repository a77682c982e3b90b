using System.Text.Json;
using MailHub.Conversations;
using MailHub.Conversations.ReadModel;
using MailHub.Core.Database;
using MailHub.Core.EventSourcing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub rebuild (--connection CS | --database-dir DIR): Marten's rebuild of the conversation list projection of a
/// MailHub database, as <c>POST /api/conversations/rebuild</c> runs it, and prints what the list holds afterwards.
/// </summary>
internal static class RebuildCommand
{
    private const string Usage =
        "usage: mailhub rebuild (--connection CONNSTRING | --database-dir DIR)\n" +
        "  rebuilds the conversation list of a database MailHub has run on from its conversation and routing events\n" +
        "  (Marten's projection rebuild: the list's rows are deleted, then every event replayed);\n" +
        "  nodes may keep running (their conversation writes wait until the rebuild is done)\n" +
        "  --database-dir runs the embedded PostgreSQL in DIR (the host's MailHub:Database:DataDirectory; stop the host first)";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || args[0] is not ("--connection" or "--database-dir"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        EmbeddedPostgres? embedded = null;
        if (args[0] == "--database-dir")
            embedded = await EmbeddedPostgres.StartAsync(args[1], loggers.CreateLogger<EmbeddedPostgres>());
        try
        {
            // A large read model takes longer than the default 30 s command timeout.
            var connectionString = new NpgsqlConnectionStringBuilder(embedded?.ConnectionString ?? args[1]) { CommandTimeout = 0 };
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString.ConnectionString));
            services.AddMailHubEventStore();
            new ConversationsModule().AddServices(services, new ConfigurationBuilder().Build());
            await using var provider = services.BuildServiceProvider();
            if (!await HasRunAsync(provider.GetRequiredService<NpgsqlDataSource>()))
            {
                await Console.Error.WriteLineAsync("mailhub rebuild: this database has no MailHub event store: start MailHub on it once first.");
                return 1;
            }
            var result = await provider.GetRequiredService<ReadModelRebuild>().RunAsync(CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return 0;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"mailhub rebuild: {e.Message}");
            return 1;
        }
        finally
        {
            if (embedded is not null)
                await embedded.DisposeAsync();
        }
    }

    private static async Task<bool> HasRunAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT to_regclass('events.mt_events') IS NOT NULL AND to_regclass('conversations.conversations') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
