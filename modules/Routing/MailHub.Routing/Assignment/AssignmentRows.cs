using MailHub.Routing.Contracts;
using MailHub.Routing.Rules;
using Npgsql;
using Marten;
using Marten.Services;
using NpgsqlTypes;

namespace MailHub.Routing.Assignment;

/// <summary>
/// Reads and writes <c>routing.assignments</c>.
/// <para>
/// Concurrency: every change of assignee runs in the conversation's grain turn, in a transaction that first
/// locks the conversation's row (<c>SELECT ... FOR UPDATE</c>): the grain makes changes take turns, the lock
/// keeps them apart should two activations briefly overlap in a failover. The change then bumps the row's version and appends
/// ConversationAssigned to <c>routing-{id}</c> expecting the stream at the row's old version: the
/// row and the stream move in one transaction, and should anything ever skip the lock, the
/// expected-version append fails the transaction instead of recording a second assignee.
/// </para>
/// </summary>
internal static class AssignmentRows
{
    private const string Columns =
        "conversation_id, mailbox_id, team_id, agent_id, state, strategy, version, opened_at, sender_address, subject, text_snippet, language";

    public static async Task<AssignmentRow?> FindAsync(NpgsqlDataSource dataSource, Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM routing.assignments WHERE conversation_id = $1");
        command.Parameters.Add(new() { Value = conversationId });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public static async Task<AssignmentRow?> LockAsync(NpgsqlTransaction transaction, Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM routing.assignments WHERE conversation_id = $1 FOR UPDATE", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = conversationId });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The oldest conversations waiting in the team's queue for an agent (not those left to be assigned by hand).</summary>
    public static async Task<IReadOnlyList<Guid>> OldestQueuedAsync(NpgsqlDataSource dataSource, Guid teamId, int max,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT conversation_id FROM routing.assignments
            WHERE team_id = $1 AND agent_id IS NULL AND state = 'open' AND strategy <> '{RoutingStrategy.Manual}'
            ORDER BY opened_at, conversation_id
            LIMIT $2
            """);
        command.Parameters.Add(new() { Value = teamId });
        command.Parameters.Add(new() { Value = max });
        return await ReadIdsAsync(command, cancellationToken);
    }

    public static async Task<IReadOnlyList<AssignmentRow>> QueueOfAsync(NpgsqlDataSource dataSource, Guid teamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM routing.assignments
            WHERE team_id = $1 AND agent_id IS NULL AND state = 'open' ORDER BY opened_at, conversation_id
            """);
        command.Parameters.Add(new() { Value = teamId });
        return await ReadAsync(command, cancellationToken);
    }

    public static async Task<IReadOnlyList<Guid>> OpenOfAgentAsync(NpgsqlDataSource dataSource, Guid agentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT conversation_id FROM routing.assignments WHERE agent_id = $1 AND state = 'open' ORDER BY opened_at");
        command.Parameters.Add(new() { Value = agentId });
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>The row for a newly opened conversation, locked; null when routing has seen the conversation already.</summary>
    public static async Task<AssignmentRow?> InsertAsync(NpgsqlTransaction transaction, Guid conversationId, RouteOnArrival opened, Guid? ruleId, string strategy,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO routing.assignments (conversation_id, mailbox_id, strategy, rule_id, sender_address, subject, text_snippet, language, opened_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (conversation_id) DO NOTHING
            RETURNING {Columns}
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = opened.MailboxId });
        command.Parameters.Add(new() { Value = strategy });
        command.Parameters.Add(new() { Value = (object?)ruleId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = opened.SenderAddress });
        command.Parameters.Add(new() { Value = opened.Subject });
        command.Parameters.Add(new() { Value = (object?)opened.TextSnippet ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)opened.Language ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = opened.OpenedAt });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public static async Task SetStateAsync(NpgsqlTransaction transaction, Guid conversationId, string state, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE routing.assignments SET state = $2, updated_at = now() WHERE conversation_id = $1", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = conversationId });
        command.Parameters.Add(new() { Value = state });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives the locked row to a team and/or agent and appends the event at the row's version.</summary>
    public static async Task<ConversationAssigned> MoveAsync(IDocumentStore events, NpgsqlTransaction transaction, AssignmentRow row, Guid? teamId, string? teamName,
        Guid? agentId, string? agentName, Guid? by, string? note, AssignmentKind kind, string strategy, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand("""
            UPDATE routing.assignments SET team_id = $2, agent_id = $3, strategy = $5, version = version + 1,
                queued_at = CASE WHEN $3::uuid IS NULL THEN now() END,
                assigned_at = CASE WHEN $3::uuid IS NOT NULL THEN now() END,
                updated_at = now()
            WHERE conversation_id = $1 AND version = $4
            """, transaction.Connection, transaction))
        {
            update.Parameters.Add(new() { Value = row.ConversationId });
            update.Parameters.Add(new() { Value = (object?)teamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            update.Parameters.Add(new() { Value = (object?)agentId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            update.Parameters.Add(new() { Value = row.Version });
            update.Parameters.Add(new() { Value = strategy });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                throw new InvalidOperationException($"The assignment of conversation {row.ConversationId} is no longer at version {row.Version}: lock its row before moving it.");
        }
        var assigned = new ConversationAssigned(row.ConversationId, teamId, agentId, agentName, teamName, by, note, kind, DateTimeOffset.UtcNow);
        // The row's version is its stream's: the first assignment starts routing-{id}.
        await using var session = events.LightweightSession(SessionOptions.ForTransaction(transaction));
        var stream = RoutingEvents.StreamOf(row.ConversationId);
        if (row.Version == 0)
            session.Events.StartStream(stream, assigned);
        else
            session.Events.Append(stream, row.Version + 1, assigned);
        await session.SaveChangesAsync(cancellationToken);
        return assigned;
    }

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<IReadOnlyList<AssignmentRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<AssignmentRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mailboxId = reader.GetGuid(1);
            rows.Add(new AssignmentRow(
                reader.GetGuid(0), mailboxId, reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetFieldValue<DateTimeOffset>(7),
                new ConversationFacts(mailboxId, reader.GetString(8), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11))));
        }
        return rows;
    }
}
