using System.Runtime.CompilerServices;
using MailHub.People.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.People.Customers;

/// <summary>
/// <see cref="ICustomerAudience"/>: one query whose rows are read as the caller consumes them (Npgsql reads the result
/// from the socket row by row), so the whole directory is never in memory.
/// </summary>
internal sealed class CustomerAudience(NpgsqlDataSource dataSource) : ICustomerAudience
{
    public async IAsyncEnumerable<CustomerAddress> StreamAsync(CustomerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tags = filter.Tags?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT c.id, ct.email, c.name, c.company, c.tags
            FROM directory.customers c JOIN directory.contacts ct ON ct.customer_id = c.id
            WHERE c.merged_into IS NULL
              AND ($1::text[] IS NULL OR c.tags && $1)
              AND ($2::text IS NULL OR strpos(lower(c.company), lower($2)) > 0)
              AND ($3::timestamptz IS NULL OR c.created_at >= $3) AND ($4::timestamptz IS NULL OR c.created_at < $4)
              AND ($5::timestamptz IS NULL OR c.last_conversation_at >= $5) AND ($6::timestamptz IS NULL OR c.last_conversation_at < $6)
            ORDER BY c.created_at, c.id, lower(ct.email)
            """, connection);
        command.Parameters.Add(new() { Value = tags is { Length: > 0 } ? tags : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = string.IsNullOrWhiteSpace(filter.Company) ? DBNull.Value : filter.Company.Trim(), NpgsqlDbType = NpgsqlDbType.Text });
        foreach (var time in new[] { filter.CreatedAfter, filter.CreatedBefore, filter.LastConversationAfter, filter.LastConversationBefore })
            command.Parameters.Add(new() { Value = (object?)time?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new CustomerAddress(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<string[]>(4));
        }
    }
}
