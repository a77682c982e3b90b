using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace MailHub.Core.Cluster;

/// <summary>
/// Orleans' membership table on the product's PostgreSQL (core.orleans_membership, migration 0004): several
/// nodes on one database find each other here. Each write of a row also moves the cluster's table version,
/// and both are guarded by the etags they were read with, in one transaction: a writer with a stale view
/// gets false and Orleans reads again. Reads see the rows and the version in one statement (one snapshot).
/// </summary>
public sealed class PostgresMembershipTable(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private const string Columns = """
        m.silo_address, m.status, m.silo_name, m.host_name, m.proxy_port, m.role_name, m.update_zone, m.fault_zone,
        m.suspect_times::text, m.start_time, m.i_am_alive_time, m.etag
        """;

    private string ClusterId => cluster.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        // The version row exists whichever silo starts first; every silo may try.
        await using var command = dataSource.CreateCommand(
            "INSERT INTO core.orleans_membership_versions (cluster_id, version, etag) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = ClusterId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        // The rows go with their version row (ON DELETE CASCADE).
        await using var command = dataSource.CreateCommand("DELETE FROM core.orleans_membership_versions WHERE cluster_id = $1");
        command.Parameters.Add(new() { Value = clusterId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        // Every silo that has not said it is alive since then, except those still listed as Active (a
        // silo is declared dead by the others before its row may go).
        await using var command = dataSource.CreateCommand(
            "DELETE FROM core.orleans_membership WHERE cluster_id = $1 AND i_am_alive_time < $2 AND status <> $3");
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = beforeDate.UtcDateTime });
        command.Parameters.Add(new() { Value = (int)SiloStatus.Active });
        await command.ExecuteNonQueryAsync();
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await MoveVersionAsync(connection, transaction, tableVersion))
            return false;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO core.orleans_membership (cluster_id, silo_address, status, silo_name, host_name, proxy_port, role_name,
                update_zone, fault_zone, suspect_times, start_time, i_am_alive_time, etag)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, 0)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            AddEntryParameters(insert, entry);
            if (await insert.ExecuteNonQueryAsync() == 0)
                return false; // a row for this silo exists: rolled back with the version
        }
        await transaction.CommitAsync();
        return true;
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowEtag))
            return false;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await MoveVersionAsync(connection, transaction, tableVersion))
            return false;
        await using (var update = new NpgsqlCommand("""
            UPDATE core.orleans_membership SET status = $3, silo_name = $4, host_name = $5, proxy_port = $6, role_name = $7,
                update_zone = $8, fault_zone = $9, suspect_times = $10::jsonb, start_time = $11, i_am_alive_time = $12, etag = etag + 1
            WHERE cluster_id = $1 AND silo_address = $2 AND etag = $13
            """, connection, transaction))
        {
            AddEntryParameters(update, entry);
            update.Parameters.Add(new() { Value = rowEtag });
            if (await update.ExecuteNonQueryAsync() == 0)
                return false; // no such row, or changed since it was read
        }
        await transaction.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        // Only the liveness time: no etag, no table version (the contract's "dirty write").
        await using var command = dataSource.CreateCommand(
            "UPDATE core.orleans_membership SET i_am_alive_time = $3 WHERE cluster_id = $1 AND silo_address = $2");
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = entry.SiloAddress.ToParsableString() });
        command.Parameters.Add(new() { Value = Utc(entry.IAmAliveTime) });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Sets the cluster's version to the one given if its etag is still the one that version was read with.
    /// The row lock makes concurrent writers wait; the loser re-reads the etag, finds it moved, and fails.
    /// </summary>
    private async Task<bool> MoveVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion tableVersion)
    {
        if (!long.TryParse(tableVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var versionEtag))
            return false;
        await using var command = new NpgsqlCommand(
            "UPDATE core.orleans_membership_versions SET version = $2, etag = etag + 1 WHERE cluster_id = $1 AND etag = $3",
            connection, transaction);
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = tableVersion.Version });
        command.Parameters.Add(new() { Value = versionEtag });
        return await command.ExecuteNonQueryAsync() == 1;
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT v.version, v.etag, {Columns}
            FROM core.orleans_membership_versions v
            LEFT JOIN core.orleans_membership m ON m.cluster_id = v.cluster_id AND ($2::text IS NULL OR m.silo_address = $2)
            WHERE v.cluster_id = $1
            """);
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = (object?)silo?.ToParsableString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var members = new List<Tuple<MembershipEntry, string>>();
        TableVersion? version = null;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                version ??= new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
                if (!reader.IsDBNull(2))
                    members.Add(Tuple.Create(ReadEntry(reader), reader.GetInt64(13).ToString(CultureInfo.InvariantCulture)));
            }
        }
        if (version is null)
            throw new InvalidOperationException(
                $"The membership of cluster '{ClusterId}' has no version row: the silo initializes it at start (InitializeMembershipTable).");
        return new MembershipTableData(members, version);
    }

    private static MembershipEntry ReadEntry(NpgsqlDataReader reader) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(reader.GetString(2)),
        Status = (SiloStatus)reader.GetInt32(3),
        SiloName = reader.GetString(4),
        HostName = reader.GetString(5),
        ProxyPort = reader.GetInt32(6),
        RoleName = reader.IsDBNull(7) ? null : reader.GetString(7),
        UpdateZone = reader.GetInt32(8),
        FaultZone = reader.GetInt32(9),
        SuspectTimes = reader.IsDBNull(10) ? null : ReadSuspectTimes(reader.GetString(10)),
        StartTime = reader.GetDateTime(11),
        IAmAliveTime = reader.GetDateTime(12),
    };

    private void AddEntryParameters(NpgsqlCommand command, MembershipEntry entry)
    {
        command.Parameters.Add(new() { Value = ClusterId });
        command.Parameters.Add(new() { Value = entry.SiloAddress.ToParsableString() });
        command.Parameters.Add(new() { Value = (int)entry.Status });
        command.Parameters.Add(new() { Value = entry.SiloName ?? "" });
        command.Parameters.Add(new() { Value = entry.HostName ?? "" });
        command.Parameters.Add(new() { Value = entry.ProxyPort });
        command.Parameters.Add(new() { Value = (object?)entry.RoleName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = entry.UpdateZone });
        command.Parameters.Add(new() { Value = entry.FaultZone });
        command.Parameters.Add(new() { Value = (object?)WriteSuspectTimes(entry.SuspectTimes) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Utc(entry.StartTime) });
        command.Parameters.Add(new() { Value = Utc(entry.IAmAliveTime) });
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static string? WriteSuspectTimes(List<Tuple<SiloAddress, DateTime>>? times) => times is null
        ? null
        : JsonSerializer.Serialize(times.Select(t => new[] { t.Item1.ToParsableString(), Utc(t.Item2).ToString("O", CultureInfo.InvariantCulture) }));

    private static List<Tuple<SiloAddress, DateTime>> ReadSuspectTimes(string json) =>
        JsonSerializer.Deserialize<string[][]>(json)!
            .Select(t => Tuple.Create(SiloAddress.FromParsableString(t[0]),
                DateTime.Parse(t[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)))
            .ToList();
}
