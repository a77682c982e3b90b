using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace MailHub.People.Sync;

/// <summary>A source of truth that pushes the directory, with what its last push did (null before the first).</summary>
internal sealed record SyncSource(string Name, DateTimeOffset CreatedAt, SyncRun? LastRun);

/// <summary>
/// A push's counts of members, and what it changed: the first <see cref="SyncSourceStore.ChangesKept"/> changes
/// (members and departments) and how many there were.
/// </summary>
internal sealed record SyncRun(DateTimeOffset At, string Mode, int Created, int Updated, int Deactivated, int Unchanged,
    IReadOnlyList<SyncChange> Changes, int ChangeCount);

/// <summary>
/// Sources and their tokens in <c>directory.sync_sources</c>. A token is 32 random bytes shown once; only its SHA-256 is kept,
/// which is enough to find the source (the token carries enough randomness that no salt or slow hash is needed).
/// </summary>
internal sealed class SyncSourceStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every token starts with it, so the authentication tells a sync token from a console token at a glance.</summary>
    public const string TokenPrefix = "mhsync_";

    /// <summary>How many of a push's changes the source keeps to show (a first full push of thousands lists its first ones).</summary>
    public const int ChangesKept = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The new source's token; null when the name is taken.</summary>
    public async Task<string?> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO directory.sync_sources (name, token_hash) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = Hash(token) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? token : null;
    }

    /// <summary>A new token for the source; the old one stops working at once. Null when there is no such source.</summary>
    public async Task<string?> RenewTokenAsync(string name, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await using var command = dataSource.CreateCommand("UPDATE directory.sync_sources SET token_hash = $2 WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = Hash(token) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? token : null;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM directory.sync_sources WHERE name = $1");
        command.Parameters.Add(new() { Value = name });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The source whose token this is, or null.</summary>
    public async Task<string?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name FROM directory.sync_sources WHERE token_hash = $1");
        command.Parameters.Add(new() { Value = Hash(token) });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<SyncSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT name, created_at, last_run_at, last_mode, last_created, last_updated, last_deactivated, last_unchanged,
                   last_changes::text, last_change_count
            FROM directory.sync_sources ORDER BY name
            """);
        var sources = new List<SyncSource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var run = reader.IsDBNull(2) ? null : new SyncRun(reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                JsonSerializer.Deserialize<List<SyncChange>>(reader.GetString(8), Json) ?? [], reader.GetInt32(9));
            sources.Add(new SyncSource(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), run));
        }
        return sources;
    }

    /// <summary>Records a push in the push's own transaction, so the last run shown is one that committed.</summary>
    public static async Task RecordRunAsync(NpgsqlTransaction transaction, string name, SyncReport report, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE directory.sync_sources SET last_run_at = now(), last_mode = $2, last_created = $3, last_updated = $4,
                last_deactivated = $5, last_unchanged = $6, last_changes = $7::jsonb, last_change_count = $8
            WHERE name = $1
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = report.Mode });
        command.Parameters.Add(new() { Value = report.Created });
        command.Parameters.Add(new() { Value = report.Updated });
        command.Parameters.Add(new() { Value = report.Deactivated });
        command.Parameters.Add(new() { Value = report.Unchanged });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(report.Changes.Take(ChangesKept), Json) });
        command.Parameters.Add(new() { Value = report.Changes.Count });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string NewToken() => TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
