using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Core.Audit;

/// <summary>
/// The audit log in <c>core.audit</c>. Written after the change it records committed: a failed write is logged, not
/// thrown, since the change it describes stands and the caller was already told so.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, IHttpContextAccessor http, ILogger<AuditLog> logger)
{
    /// <remarks>Not cancelled with the request: the change happened, so it is recorded even if the caller went away.</remarks>
    public async Task WriteAsync(AuditRecord record)
    {
        try
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO core.audit (actor_id, actor_email, action, method, route, target_id, status, ip)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """);
            command.Parameters.Add(new() { Value = (object?)record.ActorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(Text(record.ActorEmail));
            command.Parameters.Add(new() { Value = record.Action });
            command.Parameters.Add(Text(record.Method));
            command.Parameters.Add(Text(record.Route));
            command.Parameters.Add(Text(record.TargetId));
            command.Parameters.Add(new() { Value = record.Status });
            command.Parameters.Add(Text(record.Ip));
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogError(e, "Could not write the audit record {Action} on {Target} by {Actor}", record.Action, record.TargetId, record.ActorEmail);
        }
    }

    /// <summary>Records <paramref name="action"/> by the caller of the current HTTP request (none outside one: a start-up task).</summary>
    public Task RecordAsync(string action, string? targetId, int status = StatusCodes.Status200OK) =>
        WriteAsync(http.HttpContext is { } context
            ? AuditRecord.Of(context, action, targetId, status)
            : new AuditRecord(action, targetId, status, null, null, null, null, null));

    /// <summary>Lines matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, actor_id, actor_email, action, method, route, target_id, status, ip FROM core.audit
            WHERE ($1::uuid IS NULL OR actor_id = $1)
              AND ($2::text IS NULL OR lower(actor_email) = lower($2))
              AND ($3::text IS NULL OR action = $3)
              AND ($4::text IS NULL OR target_id = $4)
              AND ($5::timestamptz IS NULL OR at >= $5)
              AND ($6::timestamptz IS NULL OR at < $6)
              AND ($7::bigint IS NULL OR id < $7)
            ORDER BY id DESC
            LIMIT $8
            """);
        command.Parameters.Add(new() { Value = (object?)filter.ActorId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(Text(filter.ActorEmail));
        command.Parameters.Add(Text(filter.Action));
        command.Parameters.Add(Text(filter.TargetId));
        command.Parameters.Add(new() { Value = (object?)filter.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)filter.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)filter.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = filter.Limit });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2), NullableText(reader, 3), reader.GetString(4), NullableText(reader, 5),
                NullableText(reader, 6), NullableText(reader, 7), reader.GetInt32(8), NullableText(reader, 9)));
        }
        return entries;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
