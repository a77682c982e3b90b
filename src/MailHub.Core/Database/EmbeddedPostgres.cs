using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHub.Core.Database;

/// <summary>
/// A private PostgreSQL server run from the machine's own binaries, in a data folder of MailHub's:
/// initialised on first use, listening on loopback on a free port and on a private unix socket,
/// stopped on dispose. Started as an unprivileged user when MailHub runs as root (PostgreSQL refuses
/// root), and recovers from a previous host that was killed (an orphaned server or a stale
/// postmaster.pid).
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "mailhub";
    private const string DatabaseName = "mailhub";

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string? _runAs;
    private readonly ILogger _logger;

    public string ConnectionString { get; }
    public int Port { get; }

    private EmbeddedPostgres(string binDirectory, string dataDirectory, string? runAs,
        int port, string connectionString, ILogger logger)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        _runAs = runAs;
        Port = port;
        ConnectionString = connectionString;
        _logger = logger;
    }

    /// <param name="durable">false turns fsync off and allows more connections: for throwaway test servers only.</param>
    public static Task<EmbeddedPostgres> StartAsync(string dataDirectory, ILogger logger,
        string? serverUser = null, bool durable = true, CancellationToken cancellationToken = default) =>
        StartAsync(PostgresBinaries.FindBinDirectory(), dataDirectory, logger, serverUser, durable, cancellationToken);

    /// <param name="bin">The folder with initdb and pg_ctl; null when none was found.</param>
    internal static async Task<EmbeddedPostgres> StartAsync(string? bin, string dataDirectory, ILogger logger,
        string? serverUser, bool durable, CancellationToken cancellationToken)
    {
        if (bin is null)
            throw new EmbeddedPostgresException(PostgresBinaries.NotFoundMessage);
        var dataDir = Path.GetFullPath(dataDirectory);
        var runAs = Environment.IsPrivilegedProcess ? serverUser ?? DefaultServerUser() : null;
        var passwordFile = dataDir.TrimEnd(Path.DirectorySeparatorChar) + ".password";

        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
            await InitializeAsync(bin, dataDir, passwordFile, runAs, logger, cancellationToken);
        var password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();

        await RecoverFromCrashAsync(bin, dataDir, runAs, logger, cancellationToken);

        // Every node's workers (subscriptions, outbox, sync, SMTP commits) hold connections: leave room.
        var maxConnections = durable ? 200 : 500;
        await WriteSettingsAsync(bin, dataDir, runAs, maxConnections, durable, cancellationToken);

        var port = FreeLoopbackPort();
        // TCP on loopback only, no Unix socket (-k ''): a socket folder in /tmp outlived every host killed
        // with -9. pg_ctl -w then checks readiness over TCP.
        var options = $"-p {port} -k '' -c listen_addresses=127.0.0.1 -c max_connections={maxConnections}"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["start", "-D", dataDir, "-w", "-t", "120", "-l", Path.Combine(dataDir, "server.log"), "-o", options],
            runAs, cancellationToken);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = DatabaseName,
        }.ConnectionString;
        var server = new EmbeddedPostgres(bin, dataDir, runAs, port, connectionString, logger);
        await server.EnsureDatabaseAsync(cancellationToken);
        logger.LogInformation("Embedded PostgreSQL started from {BinDirectory} on 127.0.0.1:{Port}, data in {DataDirectory}",
            bin, port, dataDir);
        return server;
    }

    /// <summary>A connection string for another database on this server (tests make one per class).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", _dataDirectory, "-m", "fast", "-w"], _runAs, CancellationToken.None);
            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
        catch (EmbeddedPostgresException e)
        {
            _logger.LogWarning(e, "Embedded PostgreSQL did not stop cleanly");
        }
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = DatabaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InitializeAsync(string bin, string dataDir, string passwordFile, string? runAs,
        ILogger logger, CancellationToken cancellationToken)
    {
        // initdb into a sibling folder and rename it at the end, so a crash mid-way leaves no half cluster.
        var parent = Path.GetDirectoryName(dataDir)!;
        Directory.CreateDirectory(parent);
        var staging = dataDir + ".init-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var pwfile = Path.Combine(Path.GetTempPath(), "mailhub-pw-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(pwfile, password, cancellationToken);
        RestrictToOwner(pwfile);
        try
        {
            if (runAs is not null)
            {
                await RunAsync("chown", [runAs, staging, pwfile], null, cancellationToken);
                await EnsureReachableAsync(runAs, staging, cancellationToken);
            }
            logger.LogInformation("Initialising embedded PostgreSQL in {DataDirectory}", dataDir);
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", staging, "-U", SuperUser, "--pwfile", pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"],
                runAs, cancellationToken);
        }
        finally
        {
            File.Delete(pwfile);
        }
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        RestrictToOwner(passwordFile);
        if (Directory.Exists(dataDir))
            Directory.Delete(dataDir, recursive: true); // an empty or half-made folder from an earlier attempt
        Directory.Move(staging, dataDir);
    }

    /// <summary>
    /// Writes <see cref="EmbeddedPostgresSettings"/> for this machine into the data folder and makes sure
    /// postgresql.conf includes them, on every start: a data folder made by an older MailHub gets them,
    /// and a machine given more memory is used. ALTER SYSTEM still overrides them.
    /// </summary>
    private static async Task WriteSettingsAsync(string bin, string dataDir, string? runAs, int maxConnections,
        bool durable, CancellationToken cancellationToken)
    {
        var postgres = Path.Combine(bin, "postgres");
        string? walCompression = null;
        foreach (var method in new[] { "lz4", "zstd" })
        {
            if (await AcceptsAsync(postgres, "wal_compression", method, runAs, cancellationToken))
            {
                walCompression = method;
                break;
            }
        }
        var toastLz4 = await AcceptsAsync(postgres, "default_toast_compression", "lz4", runAs, cancellationToken);
        var settings = EmbeddedPostgresSettings.For(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, FreeDiskBytes(dataDir),
            maxConnections, durable, walCompression, toastLz4);

        var file = Path.Combine(dataDir, EmbeddedPostgresSettings.FileName);
        await File.WriteAllTextAsync(file, EmbeddedPostgresSettings.Render(settings), cancellationToken);
        if (runAs is not null)
            await RunAsync("chown", [runAs, file], null, cancellationToken);

        var config = Path.Combine(dataDir, "postgresql.conf");
        var lines = await File.ReadAllLinesAsync(config, cancellationToken);
        if (!lines.Any(line => line.Trim() == EmbeddedPostgresSettings.IncludeLine))
        {
            // Last in the file, so it wins over initdb's own choices above it.
            await File.AppendAllTextAsync(config,
                $"\n# MailHub's tuning for this machine, rewritten on every start\n{EmbeddedPostgresSettings.IncludeLine}\n",
                cancellationToken);
        }
    }

    /// <summary>
    /// Whether this server binary takes <paramref name="value"/> for <paramref name="setting"/> (compression
    /// methods are build options). postgres checks -c values before it looks for a data folder, and names
    /// the setting only when it refuses the value or does not know the setting.
    /// </summary>
    private static async Task<bool> AcceptsAsync(string postgres, string setting, string value, string? runAs,
        CancellationToken cancellationToken)
    {
        var probe = await RunAsync(postgres, ["-c", $"{setting}={value}", "-C", setting], runAs, cancellationToken,
            throwOnError: false, withoutDataDirectory: true);
        return !probe.Output.Contains($"\"{setting}\"", StringComparison.Ordinal);
    }

    private static long? FreeDiskBytes(string dataDir)
    {
        try
        {
            return new DriveInfo(dataDir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    // After `kill -9` of the host, its server may still run (pg_ctl daemonises it) or have left a
    // postmaster.pid behind. Stop the orphan; remove a stale pid file so the new start does not refuse.
    private static async Task RecoverFromCrashAsync(string bin, string dataDir, string? runAs, ILogger logger,
        CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (!File.Exists(pidFile))
            return;
        var status = await RunAsync(Path.Combine(bin, "pg_ctl"), ["status", "-D", dataDir], runAs, cancellationToken, throwOnError: false);
        if (status.ExitCode == 0)
        {
            logger.LogWarning("An embedded PostgreSQL from an earlier run is still running on {DataDirectory}; stopping it", dataDir);
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w"], runAs, cancellationToken);
        }
        else if (File.Exists(pidFile))
        {
            logger.LogWarning("Removing stale {PidFile} left by a server that did not shut down", pidFile);
            File.Delete(pidFile);
        }
    }

    private static async Task EnsureReachableAsync(string runAs, string dir, CancellationToken cancellationToken)
    {
        var probe = await RunAsync("test", ["-w", dir], runAs, cancellationToken, throwOnError: false);
        if (probe.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The embedded PostgreSQL runs as the unprivileged user '{runAs}' (PostgreSQL refuses root), and that user " +
                $"cannot reach {dir}. Set MailHub:Database:DataDirectory to a folder it can reach (for example under /var/lib/mailhub), " +
                "or run MailHub as a normal user.");
        }
    }

    private static string DefaultServerUser()
    {
        // Debian's postgresql package creates 'postgres'; 'nobody' exists everywhere else.
        foreach (var candidate in new[] { "postgres", "nobody" })
        {
            if (File.ReadLines("/etc/passwd").Any(line => line.StartsWith(candidate + ":", StringComparison.Ordinal)))
                return candidate;
        }
        throw new EmbeddedPostgresException("MailHub runs as root but found no unprivileged user to run PostgreSQL; set MailHub:Database:ServerUser.");
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ProcessResult(int ExitCode, string Output);

    private static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, string? runAs,
        CancellationToken cancellationToken, bool throwOnError = true, bool withoutDataDirectory = false)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (runAs is null)
        {
            start.FileName = program;
        }
        else
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", runAs, "--", program })
                start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C.UTF-8";
        if (withoutDataDirectory)
            start.Environment.Remove("PGDATA");

        using var process = Process.Start(start) ?? throw new EmbeddedPostgresException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await stdout + await stderr).Trim();
        if (throwOnError && process.ExitCode != 0)
            throw new EmbeddedPostgresException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {output}");
        return new ProcessResult(process.ExitCode, output);
    }
}

public sealed class EmbeddedPostgresException(string message) : Exception(message);
