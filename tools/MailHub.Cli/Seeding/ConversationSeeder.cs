using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace MailHub.Cli.Seeding;

/// <summary>
/// Loads a corpus in one transaction: the secondary indexes are dropped, the rows copied, and the indexes made
/// again from their own definitions (as pg_restore does), so the schema afterwards is exactly the migrated one.
/// </summary>
internal sealed class ConversationSeeder(NpgsqlDataSource dataSource, ConversationCorpus corpus)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM conversations.conversations", connection))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                // Seeded before: the migrations above are applied (without the host's 30 s command timeout), the rows left as they are.
                await Console.Error.WriteLineAsync("mailhub seed: conversations.conversations already has rows; migrated, not seeded again.");
                return 0;
            }
        }
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SET LOCAL maintenance_work_mem = '512MB'", cancellationToken);
        var indexes = await SecondaryIndexesAsync(connection, cancellationToken);
        foreach (var (name, _) in indexes)
            await ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken);

        await CopyConversationsAsync(connection, cancellationToken);
        Report($"{corpus.Count} conversations copied", clock);
        var copied = await CopyMessagesAsync(connection, cancellationToken);
        Report($"{copied} messages copied", clock);
        foreach (var (name, definition) in indexes)
        {
            await ExecuteAsync(connection, definition, cancellationToken);
            Report($"index {name} made", clock);
        }
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"SELECT setval('conversations.conversation_numbers', {corpus.LastNumber})"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // As autovacuum would on a live system: statistics for the planner, a visibility map for index-only scans.
        await ExecuteAsync(connection, "VACUUM ANALYZE conversations.conversations, conversations.messages", cancellationToken);
        Report("vacuumed and analyzed", clock);
        return 0;
    }

    private async Task CopyConversationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY conversations.conversations (id, number, mailbox_id, customer_id, customer_name, customer_email, subject, status,
                reply_token, assignee_id, assignee_name, team_id, team_name, opened_at, closed_at, last_message_at, message_count, search,
                preview)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        for (var i = 0; i < corpus.Count; i++)
        {
            var c = corpus.Conversation(i);
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(c.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(c.Number, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(c.MailboxId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(c.Customer.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(c.Customer.Name, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(c.Customer.Email, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(c.Subject, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(c.Status, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(c.ReplyToken, NpgsqlDbType.Text, cancellationToken);
            await WriteOrNullAsync(importer, c.Assignee?.Id, NpgsqlDbType.Uuid, cancellationToken);
            await WriteOrNullAsync(importer, c.Assignee?.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteOrNullAsync(importer, c.TeamId, NpgsqlDbType.Uuid, cancellationToken);
            await WriteOrNullAsync(importer, c.TeamName, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(c.OpenedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteOrNullAsync(importer, c.ClosedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(c.LastMessageAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(c.Messages.Count, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(c.Search, NpgsqlDbType.Text, cancellationToken);
            await WriteOrNullAsync(importer, Preview(c), NpgsqlDbType.Text, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The list's preview as the projection writes it: the latest mail's text, white space collapsed, 200 characters.</summary>
    private static string? Preview(SeedConversation c)
    {
        var latest = c.Messages.LastOrDefault(m => m.Direction != "note");
        if (latest is null)
            return null;
        var text = string.Join(' ', latest.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 200 ? text[..200] : text;
    }

    private async Task<long> CopyMessagesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        long copied = 0;
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY conversations.messages (id, conversation_id, mailbox_id, direction, inbound_message_id, rfc_message_id, in_reply_to,
                references_ids, from_address, from_name, to_addresses, subject, text_body, sent_at, author_id, delivery_state)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        for (var i = 0; i < corpus.Count; i++)
        {
            var c = corpus.Conversation(i);
            foreach (var m in c.Messages)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(m.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(c.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(c.MailboxId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(m.Direction, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, m.InboundMessageId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteOrNullAsync(importer, m.RfcMessageId.Length == 0 ? null : m.RfcMessageId, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, m.InReplyTo, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, m.InReplyTo, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, m.FromAddress, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(m.FromName, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, m.To, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(m.Subject, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(m.Text, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(m.SentAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteOrNullAsync(importer, m.AuthorId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteOrNullAsync(importer, m.DeliveryState, NpgsqlDbType.Text, cancellationToken);
                copied++;
            }
        }
        await importer.CompleteAsync(cancellationToken);
        return copied;
    }

    /// <summary>Indexes of the two tables that no constraint owns, with the statements that make them.</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'conversations' AND t.relname IN ('conversations', 'messages')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """, connection);
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Report(string step, Stopwatch clock) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mailhub seed: {step} ({clock.Elapsed.TotalSeconds:F1} s)"));
}
