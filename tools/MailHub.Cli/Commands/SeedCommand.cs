using System.Globalization;
using MailHub.Cli.Seeding;
using MailHub.Conversations;
using MailHub.Core.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub seed conversations (--connection CS | --database-dir DIR) [--conversations N] [--messages N] [--seed N]:
/// fills the Conversations read model with generated mail for benchmarks, through the real migrations and COPY BINARY.
/// </summary>
internal static class SeedCommand
{
    private const string Usage =
        "usage: mailhub seed conversations (--connection CONNSTRING | --database-dir DIR) [--conversations 100000] " +
        "[--messages 1000000] [--seed 7]\n  --database-dir runs the embedded PostgreSQL in DIR (the host's MailHub:Database:DataDirectory)";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ReadOptions(args);
        if (options is null || (options.ContainsKey("--connection") == options.ContainsKey("--database-dir")))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var conversations = int.Parse(options.GetValueOrDefault("--conversations", "100000"), CultureInfo.InvariantCulture);
        var messages = long.Parse(options.GetValueOrDefault("--messages", "1000000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(options.GetValueOrDefault("--seed", "7"), CultureInfo.InvariantCulture);

        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        EmbeddedPostgres? embedded = null;
        if (options.TryGetValue("--database-dir", out var dataDirectory))
            embedded = await EmbeddedPostgres.StartAsync(dataDirectory, loggers.CreateLogger<EmbeddedPostgres>());
        try
        {
            // Copies and index builds of a million rows outlast the default 30 s command timeout.
            var connectionString = new NpgsqlConnectionStringBuilder(embedded?.ConnectionString ?? options["--connection"]) { CommandTimeout = 0 };
            await using var dataSource = NpgsqlDataSource.Create(connectionString.ConnectionString);
            await new MigrationRunner(dataSource, loggers.CreateLogger<MigrationRunner>())
                .ApplyAsync([("core", CoreSchema.Migrations), ("conversations", new ConversationsModule().Migrations)]);
            // The corpus ends today at midnight UTC, so the same seed gives the same rows all day.
            var corpus = new ConversationCorpus(seed, conversations, messages, new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero));
            return await new ConversationSeeder(dataSource, corpus).RunAsync(CancellationToken.None);
        }
        finally
        {
            if (embedded is not null)
                await embedded.DisposeAsync();
        }
    }

    private static Dictionary<string, string>? ReadOptions(string[] args)
    {
        if (args.Length == 0 || args[0] != "conversations" || args.Length % 2 == 0)
            return null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return null;
            options[args[i]] = args[i + 1];
        }
        return options;
    }
}
