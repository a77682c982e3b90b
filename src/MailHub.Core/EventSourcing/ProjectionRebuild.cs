using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.EventSourcing;

/// <summary>
/// Rebuilds an inline projection (<see cref="InlineProjections.AddInlineProjection{TProjection}"/>) with Marten's
/// projection rebuild: the async daemon deletes the rows of the projection's tables and replays every event of its
/// types, in order, through the projection, up to the store's high-water mark. Writers of those events wait
/// (<see cref="RebuildGate"/>); readers see the tables empty, then filling, until it ends.
/// </summary>
public sealed partial class ProjectionRebuild(IDocumentStore store, NpgsqlDataSource dataSource, ILogger<ProjectionRebuild> logger)
{
    // How long the replay may take before the daemon gives up on it.
    private static readonly TimeSpan ReplayTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// Rebuilds <paramref name="projection"/>. Once the gate is taken it runs to its end whatever
    /// <paramref name="cancellationToken"/> says: stopping half-way would leave the tables half filled.
    /// </summary>
    public async Task RunAsync(string projection, CancellationToken cancellationToken)
    {
        var key = RebuildGate.KeyOf(projection);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", key, cancellationToken);
        try
        {
            LogStarting(projection);
            // The daemon replays up to the highest committed sequence number: it first waits for appends in flight
            // below it (an SMTP batch, say), rather than stop under their numbers and leave later events out.
            var daemon = await store.BuildProjectionDaemonAsync(logger: logger);
            try
            {
                await daemon.RebuildProjectionAsync(projection, ReplayTimeout, CancellationToken.None);
            }
            finally
            {
                await daemon.StopAllAsync();
                daemon.Dispose();
            }
            LogRebuilt(projection);
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", key, CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        // The lock waits for every writer in flight; a rebuild waits as long as they take.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new() { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Rebuilding projection {Projection}: its writers wait until it is done")]
    private partial void LogStarting(string projection);

    [LoggerMessage(LogLevel.Information, "Rebuilt projection {Projection}")]
    private partial void LogRebuilt(string projection);
}
