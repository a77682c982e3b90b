using System.Globalization;
using System.Text;

namespace MailHub.Core.Database;

/// <summary>
/// What the embedded PostgreSQL is tuned to, from the size of the machine it shares with MailHub: the
/// SMTP listener's group commits (hundreds of 10 KB messages per transaction, each flushed before its
/// 250) and the lists and searches of the console. Durability is never traded: fsync,
/// synchronous_commit and full_page_writes keep PostgreSQL's defaults (on).
/// </summary>
internal static class EmbeddedPostgresSettings
{
    /// <summary>The file in the data folder that holds the settings, rewritten on every start.</summary>
    public const string FileName = "mailhub.conf";

    /// <summary>The line postgresql.conf includes it with; appended once, also to a data folder made by an older MailHub.</summary>
    public const string IncludeLine = "include_if_exists = '" + FileName + "'";

    private const long MB = 1L << 20;
    private const long GB = 1L << 30;

    /// <param name="memoryBytes">The memory MailHub may use (the machine's, or its container's limit).</param>
    /// <param name="freeDiskBytes">Free space on the data folder's disk, or null when unknown.</param>
    /// <param name="maxConnections">The server's max_connections, for work_mem.</param>
    /// <param name="durable">false: a throwaway test server, of which many run at once.</param>
    /// <param name="walCompression">The best of lz4/zstd the server binary has built in for WAL, or null.</param>
    /// <param name="toastLz4">Whether the server binary stores values out of line with lz4.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> For(long memoryBytes, long? freeDiskBytes, int maxConnections,
        bool durable, string? walCompression, bool toastLz4)
    {
        // MailHub and PostgreSQL share the machine (PostgreSQL also has the page cache): an eighth of it
        // for shared buffers rather than the quarter of a dedicated database server. 128 MB is
        // PostgreSQL's own default; past 8 GB the gain is small and checkpoints grow.
        var sharedBuffers = durable ? WholeMegabytes(Math.Clamp(memoryBytes / 8, 128 * MB, 8 * GB)) : 128 * MB;
        // Room for a sort or hash per connection a few times over, in what PostgreSQL does not hold itself.
        var workMem = WholeMegabytes(Math.Clamp((memoryBytes - sharedBuffers) / (maxConnections * 4L), 4 * MB, 64 * MB));
        var maintenanceWorkMem = WholeMegabytes(Math.Clamp(memoryBytes / 16, 64 * MB, 1 * GB));
        // The WAL buffers take what PostgreSQL's automatic choice (1/32 of shared_buffers) would, but past
        // its 16 MB cap: a batch of 256 messages of 10 KB is 2.5 MB of WAL, and 50 sessions keep several
        // batches in flight.
        var walBuffers = WholeMegabytes(Math.Clamp(sharedBuffers / 32, 4 * MB, 64 * MB));
        // Each checkpoint makes the next write to every page log the whole page: checkpoints far apart
        // (by WAL volume and time) write less WAL per message. max_wal_size also bounds the WAL replayed
        // after a crash, and the disk the WAL takes: a twentieth of what is free, 1-4 GB.
        var maxWalSize = durable && freeDiskBytes is { } free ? WholeMegabytes(Math.Clamp(free / 20, 1 * GB, 4 * GB)) : 1 * GB;

        var settings = new List<KeyValuePair<string, string>>
        {
            new("shared_buffers", Size(sharedBuffers)),
            new("effective_cache_size", Size(WholeMegabytes(Math.Max(memoryBytes / 2, sharedBuffers)))),
            new("work_mem", Size(workMem)),
            new("maintenance_work_mem", Size(maintenanceWorkMem)),
            new("wal_buffers", Size(walBuffers)),
            new("max_wal_size", Size(maxWalSize)),
            // Recycled rather than created (and zero-filled) segments for a burst of mail.
            new("min_wal_size", Size(WholeMegabytes(maxWalSize / 4))),
            new("checkpoint_timeout", "15min"),
            new("checkpoint_completion_target", "0.9"),
        };
        // Full-page images in the WAL, and message content stored out of line (TOAST), compressed with
        // lz4 (zstd for the WAL where lz4 is missing) rather than PostgreSQL's own pglz, whose CPU per
        // message a small machine cannot spare; without either, full-page images stay uncompressed.
        if (walCompression is not null)
            settings.Add(new("wal_compression", walCompression));
        if (toastLz4)
            settings.Add(new("default_toast_compression", "lz4"));
        return settings;
    }

    /// <summary>The settings as a postgresql.conf fragment.</summary>
    public static string Render(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var text = new StringBuilder()
            .AppendLine("# Written by MailHub on every start of its embedded PostgreSQL, from the size of the machine:")
            .AppendLine("# changes here are lost. To override a setting, use ALTER SYSTEM (postgresql.auto.conf is read")
            .AppendLine("# after this file).");
        foreach (var (name, value) in settings)
            text.Append(CultureInfo.InvariantCulture, $"{name} = '{value}'\n");
        return text.ToString();
    }

    private static long WholeMegabytes(long bytes) => bytes / MB * MB;

    /// <summary>A size in the largest unit PostgreSQL reads that divides it (kB, MB or GB).</summary>
    public static string Size(long bytes) =>
        bytes % GB == 0 ? $"{bytes / GB}GB"
        : bytes % MB == 0 ? $"{bytes / MB}MB"
        : $"{bytes / 1024}kB";
}
