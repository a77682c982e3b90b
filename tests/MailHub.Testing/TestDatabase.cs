using MailHub.Core.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Testing;

/// <summary>
/// PostgreSQL for tests: the server named by MAILHUB_TEST_DB when set, else one embedded server per
/// test process (the same mechanism as the host's default, in a throwaway folder). Each call makes a
/// new database, so test classes never share state.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _serverConnectionString;
    private static EmbeddedPostgres? _embedded;
    private static string? _folder;

    public static async Task<string> CreateAsync(string? prefix = null)
    {
        var server = await ServerAsync();
        var name = $"{prefix ?? "test"}_{Guid.NewGuid():N}"[..Math.Min(63, (prefix ?? "test").Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>A data source on a fresh database with the core schema migrated.</summary>
    public static async Task<NpgsqlDataSource> CreateMigratedAsync(string? prefix = null)
    {
        var dataSource = NpgsqlDataSource.Create(await CreateAsync(prefix));
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync([("core", CoreSchema.Migrations)]);
        return dataSource;
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_serverConnectionString is not null)
                return _serverConnectionString;
            var configured = Environment.GetEnvironmentVariable("MAILHUB_TEST_DB");
            if (!string.IsNullOrWhiteSpace(configured))
                return _serverConnectionString = configured;

            _folder = CreateReachableTempFolder("mailhub-test-pg-");
            _embedded = await EmbeddedPostgres.StartAsync(Path.Combine(_folder, "pgdata"), NullLogger.Instance, durable: false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopEmbedded();
            return _serverConnectionString = new NpgsqlConnectionStringBuilder(_embedded.ConnectionStringFor("postgres"))
            {
                Pooling = true,
                MaxPoolSize = 200,
            }.ConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A temp folder the embedded server's unprivileged user can enter when tests run as root
    /// (temp subdirectories are created 0700).
    /// </summary>
    public static string CreateReachableTempFolder(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return folder;
    }

    private static void StopEmbedded()
    {
        _embedded?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { if (_folder is not null) Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
