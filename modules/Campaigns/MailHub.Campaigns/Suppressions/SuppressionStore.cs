using MailHub.Campaigns.Audiences;
using MailHub.Campaigns.Contracts;
using Npgsql;

namespace MailHub.Campaigns.Suppressions;

/// <summary>A suppressed address, as listed.</summary>
internal sealed record Suppression(string Email, string Reason, Guid? CampaignId, string? Note, DateTimeOffset CreatedAt);

/// <summary>campaigns.suppressions, and the lists' states that follow it.</summary>
internal sealed class SuppressionStore(NpgsqlDataSource dataSource) : ISuppressionList
{
    public async Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default) =>
        (await LookupAsync([email], cancellationToken)).Count > 0;

    public Task SuppressAsync(string email, string reason, CancellationToken cancellationToken = default) =>
        AddAsync(email, reason, null, null, cancellationToken);

    /// <summary>The suppressed addresses among <paramref name="emails"/> (lower-cased), with their reason.</summary>
    public async Task<Dictionary<string, string>> LookupAsync(IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LookupAsync(connection, null, emails, cancellationToken);
    }

    public static async Task<Dictionary<string, string>> LookupAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT email, reason FROM campaigns.suppressions WHERE email = ANY($1)", connection, transaction);
        command.Parameters.Add(new() { Value = emails.Select(e => e.ToLowerInvariant()).Distinct().ToArray() });
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = reader.GetString(1);
        return found;
    }

    /// <summary>
    /// Suppresses the address (its first reason stays) and sets its state in every list (unsubscribed, bounced or complained;
    /// a manual suppression leaves the lists' states). True when it was not suppressed before.
    /// </summary>
    public async Task<bool> AddAsync(string email, string reason, Guid? campaignId, string? note, CancellationToken cancellationToken)
    {
        var address = AudienceImport.Normalize(email) ?? email.Trim().ToLowerInvariant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO campaigns.suppressions (email, reason, campaign_id, note) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = address });
        insert.Parameters.Add(new() { Value = reason });
        insert.Parameters.Add(new() { Value = (object?)campaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new() { Value = (object?)note ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var added = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (reason != SuppressionReasons.Manual)
        {
            await using var state = new NpgsqlCommand("UPDATE campaigns.audience_members SET state = $2 WHERE email = $1 AND state = 'subscribed'",
                connection, transaction);
            state.Parameters.Add(new() { Value = address });
            state.Parameters.Add(new() { Value = reason });
            await state.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<(IReadOnlyList<Suppression> Items, long Total)> ListAsync(string? q, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var filter = string.IsNullOrWhiteSpace(q) ? "" : "WHERE strpos(email, $3) > 0";
        await using var command = new NpgsqlCommand($"""
            SELECT email, reason, campaign_id, note, created_at, count(*) OVER () FROM campaigns.suppressions {filter}
            ORDER BY created_at DESC, email LIMIT $1 OFFSET $2
            """, connection);
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = offset });
        if (!string.IsNullOrWhiteSpace(q))
            command.Parameters.Add(new() { Value = q.Trim().ToLowerInvariant() });
        var items = new List<Suppression>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new Suppression(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
            total = reader.GetInt64(5);
        }
        return (items, total);
    }
}
