using MailHub.People.Contracts;
using MailHub.Core.Http;
using MailHub.People.Http;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.People.Customers;

/// <summary>
/// Customers and their contacts (<c>directory.customers</c>, <c>directory.contacts</c>). An address
/// belongs to at most one customer: the unique index on lower(email) is what makes matching race-safe.
/// </summary>
internal sealed class CustomerStore(NpgsqlDataSource dataSource, IDocumentStore events)
{
    private const string Columns = "c.id, c.name, c.company, c.phone, c.notes, c.created_at, c.updated_at, c.tags";

    /// <summary>The id to use for <paramref name="id"/>: its survivor when it was merged; null when unknown.</summary>
    public async Task<Guid?> ResolveAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(merged_into, id) FROM directory.customers WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<Customer?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(id, cancellationToken);
        if (resolved is null)
            return null;
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM directory.customers c WHERE c.id = $1");
        command.Parameters.Add(new() { Value = resolved.Value });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Customers (not merged away) whose name, company, contact address or contact name contains <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<Customer>> SearchAsync(string? query, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM directory.customers c
            WHERE c.merged_into IS NULL
              AND ($1::text IS NULL OR c.name ILIKE $1 OR c.company ILIKE $1 OR EXISTS (
                    SELECT 1 FROM directory.contacts k WHERE k.customer_id = c.id AND (k.email ILIKE $1 OR k.display_name ILIKE $1)))
            ORDER BY c.name, c.id
            LIMIT $2 OFFSET $3
            """);
        command.Parameters.Add(new() { Value = query is null ? DBNull.Value : SqlText.Contains(query), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = offset });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Customer> CreateAsync(CustomerFields fields, IReadOnlyList<string> emails, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO directory.customers (id, name, company, phone, notes) VALUES ($1, $2, $3, $4, $5)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = id });
            AddFields(insert, fields);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await AddContactsAsync(transaction, id, emails, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// Edits the customer (or its survivor). When <paramref name="emails"/> is given it becomes the
    /// customer's whole set of addresses: missing ones are removed, new ones added.
    /// </summary>
    public async Task<Customer?> UpdateAsync(Guid id, CustomerFields fields, IReadOnlyList<string>? emails, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(id, cancellationToken);
        if (resolved is not { } customerId)
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            "UPDATE directory.customers SET name = $2, company = $3, phone = $4, notes = $5, updated_at = now() WHERE id = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = customerId });
            AddFields(update, fields);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        if (emails is not null)
        {
            await using (var remove = new NpgsqlCommand(
                "DELETE FROM directory.contacts WHERE customer_id = $1 AND lower(email) NOT IN (SELECT lower(e) FROM unnest($2::text[]) AS e)", connection, transaction))
            {
                remove.Parameters.Add(new() { Value = customerId });
                remove.Parameters.Add(new() { Value = emails.ToArray() });
                await remove.ExecuteNonQueryAsync(cancellationToken);
            }
            await AddContactsAsync(transaction, customerId, emails, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(customerId, cancellationToken);
    }

    /// <summary>
    /// The customer whose contact has this address, or a new one. The insert of the contact decides a
    /// race: the loser's insert waits for the winner's commit, finds the address taken, and reads it.
    /// </summary>
    public async Task<Customer> MatchOrCreateAsync(string email, string? displayName, CancellationToken cancellationToken)
    {
        email = email.Trim();
        while (true)
        {
            if (await OwnerOfAsync(email, cancellationToken) is { } ownerId && await FindAsync(ownerId, cancellationToken) is { } existing)
                return existing;

            var id = Guid.CreateVersion7();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var insert = new NpgsqlCommand("INSERT INTO directory.customers (id, name) VALUES ($1, $2)", connection, transaction))
            {
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = NameFor(email, displayName) });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var contact = new NpgsqlCommand("""
                INSERT INTO directory.contacts (email, customer_id, display_name) VALUES ($1, $2, $3)
                ON CONFLICT ((lower(email))) DO NOTHING RETURNING customer_id
                """, connection, transaction);
            contact.Parameters.Add(new() { Value = email });
            contact.Parameters.Add(new() { Value = id });
            contact.Parameters.Add(new() { Value = (object?)SqlText.Clean(displayName) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            if (await contact.ExecuteScalarAsync(cancellationToken) is null)
            {
                await transaction.RollbackAsync(cancellationToken); // another caller created it first: read theirs
                continue;
            }
            await transaction.CommitAsync(cancellationToken);
            return (await FindAsync(id, cancellationToken))!;
        }
    }

    /// <summary>
    /// Folds <paramref name="otherId"/> into <paramref name="survivorId"/>: contacts and history move,
    /// blank fields of the survivor are filled from the other, and the other points to the survivor
    /// from now on. Both rows are locked (in id order, so two merges cannot deadlock).
    /// </summary>
    public async Task<MergeOutcome> MergeAsync(Guid survivorId, Guid otherId, Guid? by, CancellationToken cancellationToken)
    {
        if (survivorId == otherId)
            return MergeOutcome.SameCustomer;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var mergedInto = new Dictionary<Guid, Guid?>();
        await using (var lockBoth = new NpgsqlCommand(
            "SELECT id, merged_into FROM directory.customers WHERE id = ANY($1) ORDER BY id FOR UPDATE", connection, transaction))
        {
            lockBoth.Parameters.Add(new() { Value = new[] { survivorId, otherId } });
            await using var reader = await lockBoth.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                mergedInto[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        }
        if (mergedInto.Count < 2)
            return MergeOutcome.NotFound;
        if (mergedInto[otherId] == survivorId)
            return MergeOutcome.AlreadyMerged;
        if (mergedInto[survivorId] is not null)
            return MergeOutcome.SurvivorWasMerged;
        if (mergedInto[otherId] is not null)
            return MergeOutcome.OtherWasMergedElsewhere;

        // One statement per command: positional parameters ($1) rule out semicolon batches in Npgsql.
        string[] moves =
        [
            "UPDATE directory.contacts SET customer_id = $1 WHERE customer_id = $2",
            """
            UPDATE directory.customers s SET company = coalesce(s.company, o.company), phone = coalesce(s.phone, o.phone),
                notes = CASE WHEN s.notes IS NULL THEN o.notes WHEN o.notes IS NULL THEN s.notes ELSE s.notes || E'\n' || o.notes END,
                last_conversation_at = greatest(s.last_conversation_at, o.last_conversation_at),
                conversation_count = s.conversation_count + o.conversation_count,
                tags = ARRAY(SELECT DISTINCT t FROM unnest(s.tags || o.tags) AS t ORDER BY t),
                updated_at = now()
            FROM directory.customers o WHERE s.id = $1 AND o.id = $2
            """,
            "UPDATE directory.customers SET merged_into = $1, updated_at = now() WHERE id = $2 OR merged_into = $2",
            "UPDATE directory.customer_conversations SET customer_id = $1 WHERE customer_id = $2",
        ];
        foreach (var sql in moves)
        {
            await using var move = new NpgsqlCommand(sql, connection, transaction);
            move.Parameters.Add(new() { Value = survivorId });
            move.Parameters.Add(new() { Value = otherId });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }
        var merged = new CustomerMerged(survivorId, otherId, by, DateTimeOffset.UtcNow);
        await using (var session = events.LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            session.Events.Append(DirectoryEvents.CustomerStream(survivorId), merged);
            await session.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return MergeOutcome.Merged;
    }

    /// <summary>
    /// The customer's conversations, newest first. Rows recorded under a customer that was merged
    /// into this one count too (a projection may write the old id while the merge commits).
    /// </summary>
    public async Task<IReadOnlyList<CustomerConversation>> ConversationsOfAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT conversation_id, number, mailbox_id, subject, state, opened_at FROM directory.customer_conversations
            WHERE customer_id = $1 OR customer_id IN (SELECT id FROM directory.customers WHERE merged_into = $1)
            ORDER BY opened_at DESC, number DESC
            """);
        command.Parameters.Add(new() { Value = customerId });
        var conversations = new List<CustomerConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            conversations.Add(new CustomerConversation(reader.GetGuid(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return conversations;
    }

    /// <summary>The name for a customer first met as <paramref name="email"/>: the display name, else the local part.</summary>
    public static string NameFor(string email, string? displayName)
    {
        var name = displayName?.Trim().Trim('"', '\'').Trim();
        if (!string.IsNullOrEmpty(name))
            return name;
        var at = email.LastIndexOf('@');
        return at > 0 ? email[..at] : email;
    }

    private async Task<Guid?> OwnerOfAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT customer_id FROM directory.contacts WHERE lower(email) = lower($1)");
        command.Parameters.Add(new() { Value = email });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static async Task AddContactsAsync(NpgsqlTransaction transaction, Guid customerId, IReadOnlyList<string> emails,
        CancellationToken cancellationToken)
    {
        if (emails.Count == 0)
            return;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO directory.contacts (email, customer_id) SELECT e, $1 FROM unnest($2::text[]) AS e
            ON CONFLICT ((lower(email))) DO NOTHING
            """, transaction.Connection, transaction))
        {
            insert.Parameters.Add(new() { Value = customerId });
            insert.Parameters.Add(new() { Value = emails.ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var taken = new NpgsqlCommand(
            """
            SELECT email, customer_id FROM directory.contacts
            WHERE lower(email) IN (SELECT lower(e) FROM unnest($2::text[]) AS e) AND customer_id <> $1 LIMIT 1
            """,
            transaction.Connection, transaction);
        taken.Parameters.Add(new() { Value = customerId });
        taken.Parameters.Add(new() { Value = emails.ToArray() });
        await using var reader = await taken.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
            throw new ContactTakenException(reader.GetString(0), reader.GetGuid(1));
    }

    private static void AddFields(NpgsqlCommand command, CustomerFields fields)
    {
        command.Parameters.Add(new() { Value = fields.Name });
        command.Parameters.Add(new() { Value = (object?)fields.Company ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)fields.Phone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)fields.Notes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    private async Task<IReadOnlyList<Customer>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Name, string? Company, string? Phone, string? Notes, DateTimeOffset Created, DateTimeOffset Updated, string[] Tags)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<string[]>(7)));
            }
        }
        if (rows.Count == 0)
            return [];

        var contacts = rows.ToDictionary(r => r.Id, _ => new List<Contact>());
        await using (var query = dataSource.CreateCommand(
            "SELECT customer_id, email, display_name FROM directory.contacts WHERE customer_id = ANY($1) ORDER BY created_at, email"))
        {
            query.Parameters.Add(new() { Value = contacts.Keys.ToArray() });
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                contacts[reader.GetGuid(0)].Add(new Contact(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return rows.Select(r => new Customer(r.Id, r.Name, r.Company, r.Phone, r.Notes, contacts[r.Id], r.Created, r.Updated, r.Tags)).ToList();
    }
}
