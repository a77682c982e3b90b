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

    private static async Task<string> ShowAsync(string connectionString, string setting)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string[]> AvailableValuesAsync(string connectionString, string setting)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT enumvals FROM pg_settings WHERE name = $1", connection)
        {
            Parameters = { new() { Value = setting } },
        };
        return await command.ExecuteScalarAsync() as string[] ?? [];
    }

    [Fact]
    public async Task A_durable_server_runs_tuned_for_the_machine_with_durability_on()
    {
        await using var server = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: true);
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

        // shared_buffers is an eighth of the machine (at least PostgreSQL's own 128 MB), WAL sizes past the 1 GB default.
        var expectedBuffers = EmbeddedPostgresSettings.Size(Math.Clamp(memory / 8, 128L << 20, 8L << 30) / (1 << 20) * (1 << 20));
        Assert.Equal(expectedBuffers, await ShowAsync(server.ConnectionString, "shared_buffers"));
        Assert.Equal("15min", await ShowAsync(server.ConnectionString, "checkpoint_timeout"));
        // max_wal_size is a twentieth of the free disk, 1-4 GB: past the default only where the disk has room for it.
        var freeDisk = new DriveInfo(Path.GetFullPath(DataDirectory)).AvailableFreeSpace;
        if (freeDisk / 20 > (5L << 30) / 4)
            Assert.NotEqual("1GB", await ShowAsync(server.ConnectionString, "max_wal_size"));
        else if (freeDisk / 20 < 1L << 30)
            Assert.Equal("1GB", await ShowAsync(server.ConnectionString, "max_wal_size"));
        Assert.NotEqual("4MB", await ShowAsync(server.ConnectionString, "work_mem"));
        // lz4 wherever the binary has it built in.
        if ((await AvailableValuesAsync(server.ConnectionString, "wal_compression")).Contains("lz4"))
            Assert.Equal("lz4", await ShowAsync(server.ConnectionString, "wal_compression"));

        // A 250 still means the message is on disk.
        Assert.Equal("on", await ShowAsync(server.ConnectionString, "fsync"));
        Assert.Equal("on", await ShowAsync(server.ConnectionString, "synchronous_commit"));
        Assert.Equal("on", await ShowAsync(server.ConnectionString, "full_page_writes"));
    }

    [Fact]
    public async Task A_data_folder_from_an_older_version_gets_the_settings_and_ALTER_SYSTEM_still_wins()
    {
        await using (var first = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: true))
        {
            await using var connection = new NpgsqlConnection(first.ConnectionString);
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand("ALTER SYSTEM SET work_mem = '7MB'", connection);
            await alter.ExecuteNonQueryAsync();
        }
        // What a data folder made before MailHub tuned its server looks like: no include, no settings file.
        var config = Path.Combine(DataDirectory, "postgresql.conf");
        await File.WriteAllLinesAsync(config,
            (await File.ReadAllLinesAsync(config)).Where(line => !line.Contains(EmbeddedPostgresSettings.FileName, StringComparison.Ordinal)));
        File.Delete(Path.Combine(DataDirectory, EmbeddedPostgresSettings.FileName));

        await using var again = await EmbeddedPostgres.StartAsync(DataDirectory, NullLogger.Instance, durable: true);
        Assert.Equal("15min", await ShowAsync(again.ConnectionString, "checkpoint_timeout"));
        Assert.Equal("7MB", await ShowAsync(again.ConnectionString, "work_mem"));
        Assert.Single(await File.ReadAllLinesAsync(config), line => line.Trim() == EmbeddedPostgresSettings.IncludeLine);
    }

    [Theory]
    [InlineData(2L << 30, "256MB", "1GB", "4MB", "128MB", "8MB")]
    [InlineData(64L << 30, "8GB", "32GB", "64MB", "1GB", "64MB")]
    public void The_settings_follow_the_size_of_the_machine(long memory, string sharedBuffers, string effectiveCache,
        string workMem, string maintenanceWorkMem, string walBuffers)
    {
        var settings = EmbeddedPostgresSettings.For(memory, freeDiskBytes: 100L << 30, maxConnections: 200, durable: true,
            walCompression: "lz4", toastLz4: true).ToDictionary();

        Assert.Equal(sharedBuffers, settings["shared_buffers"]);
        Assert.Equal(effectiveCache, settings["effective_cache_size"]);
        Assert.Equal(workMem, settings["work_mem"]);
        Assert.Equal(maintenanceWorkMem, settings["maintenance_work_mem"]);
        Assert.Equal(walBuffers, settings["wal_buffers"]);
        Assert.Equal("4GB", settings["max_wal_size"]);
        Assert.Equal("lz4", settings["wal_compression"]);
        Assert.DoesNotContain("fsync", settings.Keys);
        Assert.DoesNotContain("synchronous_commit", settings.Keys);
    }

    [Fact]
    public void A_small_disk_keeps_the_WAL_small_and_a_test_server_stays_at_the_defaults()
    {
        var smallDisk = EmbeddedPostgresSettings.For(24L << 30, freeDiskBytes: 10L << 30, 200, durable: true, null, toastLz4: false).ToDictionary();
        Assert.Equal("1GB", smallDisk["max_wal_size"]);
        Assert.DoesNotContain("wal_compression", smallDisk.Keys);

        var throwaway = EmbeddedPostgresSettings.For(24L << 30, freeDiskBytes: 100L << 30, 500, durable: false, "lz4", toastLz4: true).ToDictionary();
        Assert.Equal("128MB", throwaway["shared_buffers"]);
        Assert.Equal("1GB", throwaway["max_wal_size"]);
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
