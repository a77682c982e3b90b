using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.Database;

/// <summary>
/// Applies each schema's migrations at start-up. Several nodes may start at once: a session-level
/// advisory lock lets one of them migrate while the others wait, then find nothing left to do.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long LockKey = 0x4D61696C48756231; // "MailHub1"

    /// <param name="first">Runs under the lock before the migrations: the event store's own schema, which a
    /// migration may read.</param>
    public async Task ApplyAsync(IEnumerable<(string Schema, IReadOnlyList<Migration> Migrations)> schemas,
        CancellationToken cancellationToken = default, Func<CancellationToken, Task>? first = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE SCHEMA IF NOT EXISTS core;
                CREATE TABLE IF NOT EXISTS core.schema_migrations (
                    schema_name text NOT NULL,
                    version int NOT NULL,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (schema_name, version));
                """, cancellationToken);
            if (first is not null)
                await first(cancellationToken);
            foreach (var (schema, migrations) in schemas)
                await ApplySchemaAsync(connection, schema, migrations, cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private async Task ApplySchemaAsync(NpgsqlConnection connection, string schema, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using (var query = new NpgsqlCommand("SELECT version FROM core.schema_migrations WHERE schema_name = $1", connection))
        {
            query.Parameters.Add(new() { Value = schema });
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetInt32(0));
        }

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"; SET LOCAL search_path TO \"{schema}\", public;", cancellationToken);
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using (var record = new NpgsqlCommand("INSERT INTO core.schema_migrations (schema_name, version, name) VALUES ($1, $2, $3)", connection))
            {
                record.Parameters.Add(new() { Value = schema });
                record.Parameters.Add(new() { Value = migration.Version });
                record.Parameters.Add(new() { Value = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Schema} {Version} {Name}", schema, migration.Version, migration.Name);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // No time limit: a migration that rewrites a large table may run for minutes, and cutting it
        // off would stop the host from starting at all.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
