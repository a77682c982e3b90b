using MailHub.Core.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MailHub.Core.Tests.Database;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _folder = MailHub.Testing.TestDatabase.CreateReachableTempFolder("mailhub-embedded-test-");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private string DataDirectory => Path.Combine(_folder, "pgdata");

    private static async Task<long> CountRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM kept", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Initialises_once_and_keeps_data_across_restarts()
    {
        await using (var server = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: false))
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2);", connection);
            await command.ExecuteNonQueryAsync();
            // Loopback TCP only: no Unix socket folder to leave behind in /tmp when the host is killed.
            await using var sockets = new NpgsqlCommand("SHOW unix_socket_directories", connection);
            Assert.Equal("", await sockets.ExecuteScalarAsync());
        }
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")), "the server stopped cleanly");

        await using var again = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: false);
        Assert.Equal(2, await CountRowsAsync(again.ConnectionString));
    }

    [Fact]
    public async Task Starts_after_a_crash_that_left_the_server_running_or_a_stale_pid_file()
    {
        var orphan = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: false);
        await using (var connection = new NpgsqlConnection(orphan.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1);", connection);
            await command.ExecuteNonQueryAsync();
        }
        // The host died without stopping its server (kill -9): a new start must still work.
        await using (var next = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: false))
            Assert.Equal(1, await CountRowsAsync(next.ConnectionString));

        // A postmaster.pid naming a process that no longer exists.
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "postmaster.pid"), "999999\n" + DataDirectory + "\n");
        await using var afterStale = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: false);
        Assert.Equal(1, await CountRowsAsync(afterStale.ConnectionString));
    }

    [Fact]
    public async Task With_no_binaries_the_error_says_to_install_PostgreSQL_or_set_the_connection_string()
    {
        var emptyBin = Directory.CreateDirectory(Path.Combine(_folder, "empty-bin")).FullName;
        Assert.Null(PostgresBinaries.FindBinDirectory([emptyBin, Path.Combine(_folder, "missing")]));

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() =>
            EmbeddedPostgres.StartAsync(PostgresBinaries.FindBinDirectory([emptyBin]), DataDirectory, NullLogger.Instance, null, true, CancellationToken.None));
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:MailHub", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory), "nothing is created when there is nothing to run");
    }

    [Fact]
    public void The_binaries_are_found_in_a_folder_that_holds_initdb_and_pg_ctl()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "initdb"), "");
        File.WriteAllText(Path.Combine(bin, "pg_ctl"), "");

        Assert.Equal(bin, PostgresBinaries.FindBinDirectory([Path.Combine(_folder, "empty"), bin]));
    }
}
