using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Campaigns.Audiences;

/// <summary>An audience as listed: its counts by state.</summary>
internal sealed record AudienceSummary(Guid Id, string Name, IReadOnlyList<string> Fields, DateTimeOffset CreatedAt,
    long Members, long Subscribed, long Unsubscribed, long Bounced, long Complained, string Source);

/// <summary>A member of an audience.</summary>
internal sealed record AudienceMember(string Email, string? Name, IReadOnlyDictionary<string, string> Fields, string State, int Row);

/// <summary>campaigns.audiences and their members.</summary>
internal sealed class AudienceStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a new audience with the checked rows (binary COPY: a list of 100,000 goes in one statement).</summary>
    public async Task<Guid> CreateAsync(string name, AudiencePreview preview, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO campaigns.audiences (id, name, fields) VALUES ($1, $2, $3)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = name.Trim() });
            insert.Parameters.Add(new() { Value = preview.Fields.ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY campaigns.audience_members (audience_id, email, name, fields, row_number) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in preview.Rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(row.Email, NpgsqlDbType.Text, cancellationToken);
                if (row.Name is null)
                    await copy.WriteNullAsync(cancellationToken);
                else
                    await copy.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(JsonSerializer.Serialize(row.Fields, Json), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(row.Row, NpgsqlDbType.Integer, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Stores a new audience from rows read as they come (the directory's customers): each row is written into one binary
    /// COPY as it arrives, so none is held; the audience exists only when all are in (one transaction).
    /// </summary>
    public async Task<Guid> CreateStreamingAsync(string name, string source, string? filterJson, IReadOnlyList<string> fields,
        IAsyncEnumerable<AudienceRow> rows, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO campaigns.audiences (id, name, fields, source, filter) VALUES ($1, $2, $3, $4, $5::jsonb)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = name.Trim() });
            insert.Parameters.Add(new() { Value = fields.ToArray() });
            insert.Parameters.Add(new() { Value = source });
            insert.Parameters.Add(new() { Value = (object?)filterJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY campaigns.audience_members (audience_id, email, name, fields, row_number) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(row.Email, NpgsqlDbType.Text, cancellationToken);
                if (row.Name is null)
                    await copy.WriteNullAsync(cancellationToken);
                else
                    await copy.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(JsonSerializer.Serialize(row.Fields, Json), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(row.Row, NpgsqlDbType.Integer, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<AudienceSummary>> ListAsync(Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT a.id, a.name, a.fields, a.created_at, count(m.email),
                   count(*) FILTER (WHERE m.state = 'subscribed'), count(*) FILTER (WHERE m.state = 'unsubscribed'),
                   count(*) FILTER (WHERE m.state = 'bounced'), count(*) FILTER (WHERE m.state = 'complained'), a.source
            FROM campaigns.audiences a LEFT JOIN campaigns.audience_members m ON m.audience_id = a.id
            WHERE $1::uuid IS NULL OR a.id = $1
            GROUP BY a.id ORDER BY a.created_at DESC
            """, connection);
        command.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var list = new List<AudienceSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AudienceSummary(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetString(9)));
        }
        return list;
    }

    public async Task<(IReadOnlyList<AudienceMember> Items, long Total)> MembersAsync(Guid audienceId, string? state, int limit, int offset,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT email, name, fields::text, state, row_number, count(*) OVER () FROM campaigns.audience_members
            WHERE audience_id = $1 AND ($2::text IS NULL OR state = $2)
            ORDER BY row_number LIMIT $3 OFFSET $4
            """, connection);
        command.Parameters.Add(new() { Value = audienceId });
        command.Parameters.Add(new() { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = offset });
        var items = new List<AudienceMember>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AudienceMember(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2), Json) ?? [], reader.GetString(3), reader.GetInt32(4)));
            total = reader.GetInt64(5);
        }
        return (items, total);
    }
}
