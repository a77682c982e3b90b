using MailHub.Conversations.Contracts;
using JasperFx.Events;
using MailHub.Routing.Contracts;
using Marten;
using Marten.Services;
using Npgsql;

namespace MailHub.Conversations.Domain;

/// <summary>What a rebuild replayed and rewrote.</summary>
internal sealed record RebuildResult(long Events, long Conversations, long Replies);

/// <summary>
/// Replays the event streams (Marten's, read in the rebuild's own transaction) into the read model's derived state: each conversation's status and closing
/// time (its conversation-{id} stream), assignee and team (Routing's routing-{id}), each reply's delivery
/// state (ReplyComposed, ReplyDeliveryChanged); then its message count, last activity and search text from
/// its message rows, exactly as <see cref="ReadModel"/> accumulates them.
/// <para>
/// Not rebuilt, because no event holds them: the message rows themselves (bodies, HTML, our replies' raw
/// MIME; inbound mail is in Channels, replies nowhere else), each conversation's reply token (random) and the
/// customer's name. Those rows are kept; everything derived from events and rows is recomputed.
/// </para>
/// </summary>
internal sealed class ReadModelRebuild(NpgsqlDataSource dataSource, IDocumentStore store)
{
    private sealed class State
    {
        public string Status = ConversationStatus.Open;
        public DateTimeOffset? ClosedAt;
        public ConversationAssigned? Assigned;
    }

    public async Task<RebuildResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writers wait until the rebuild commits (readers do not): every change that committed before the
        // lock is in the events read below, every later one is applied after the rebuild, on its result.
        await using (var lockTables = new NpgsqlCommand(
            "LOCK TABLE conversations.conversations, conversations.messages IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
            await lockTables.ExecuteNonQueryAsync(cancellationToken);

        var states = new Dictionary<Guid, State>();
        var deliveries = new Dictionary<Guid, (string State, string? Detail)>();
        long events = 0;
        void Set(Guid id, string status, DateTimeOffset? closedAt)
        {
            var state = StateOf(id);
            (state.Status, state.ClosedAt) = (status, closedAt?.ToUniversalTime());
        }
        State StateOf(Guid id) => states.TryGetValue(id, out var state) ? state : states[id] = new State();

        await using var session = store.QuerySession(SessionOptions.ForTransaction(transaction));
        await foreach (var recorded in StreamsAsync(session, ConversationEvents.StreamPrefix, cancellationToken))
        {
            events++;
            switch (recorded.Data)
            {
                case ConversationOpened e:
                    Set(e.ConversationId, ConversationStatus.Open, null);
                    break;
                case ConversationClosed e:
                    Set(e.ConversationId, ConversationStatus.Closed, e.At);
                    break;
                case ConversationReopened e:
                    Set(e.ConversationId, ConversationStatus.Open, null);
                    break;
                case StatusChanged e:
                    // SetStatusAsync clears closed_at for any status but closed.
                    Set(e.ConversationId, e.Status, null);
                    break;
                case ReplyComposed e:
                    deliveries[e.MessageId] = (DeliveryState.Queued, null);
                    break;
                case ReplyDeliveryChanged e:
                    deliveries[e.MessageId] = (e.State, e.Detail);
                    break;
            }
        }
        await foreach (var recorded in StreamsAsync(session, RoutingEvents.StreamPrefix, cancellationToken))
        {
            events++;
            if (recorded.Data is ConversationAssigned assigned)
                StateOf(assigned.ConversationId).Assigned = assigned; // the stream's last event is the current assignee
        }

        var ids = states.Keys.ToArray();
        var rows = states.Values.ToArray();
        // Streams of conversations without a row (Routing's tests announce some directly) match nothing here.
        var conversations = await ExecuteAsync(transaction, """
            UPDATE conversations.conversations AS c
            SET status = s.status, closed_at = s.closed_at, assignee_id = s.assignee_id, assignee_name = s.assignee_name,
                team_id = s.team_id, team_name = s.team_name
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::text[], $6::uuid[], $7::text[])
                AS s (id, status, closed_at, assignee_id, assignee_name, team_id, team_name)
            WHERE c.id = s.id
            """, cancellationToken, ids, rows.Select(r => r.Status).ToArray(), rows.Select(r => r.ClosedAt).ToArray(),
            rows.Select(r => r.Assigned?.AgentId).ToArray(), rows.Select(r => r.Assigned?.AgentName).ToArray(),
            rows.Select(r => r.Assigned?.TeamId).ToArray(), rows.Select(r => r.Assigned?.TeamName).ToArray());
        // ReadModel.InsertConversationAsync starts search and last_message_at; InsertMessageAsync adds to them per message.
        await ExecuteAsync(transaction, """
            UPDATE conversations.conversations AS c
            SET message_count = coalesce(m.count, 0),
                last_message_at = greatest(c.opened_at, m.last_sent_at),
                search = left(lower(c.subject || ' ' || c.customer_name || ' ' || c.customer_email) || coalesce(m.search, ''), $1)
            FROM conversations.conversations AS o
            LEFT JOIN LATERAL (
                SELECT count(*) AS count, max(sent_at) AS last_sent_at,
                       string_agg(lower(' ' || coalesce(from_name, '') || ' ' || coalesce(from_address, '') || ' ' || coalesce(text_body, '')), ''
                                  ORDER BY seq) FILTER (WHERE direction <> 'note') AS search
                FROM conversations.messages WHERE conversation_id = o.id
            ) AS m ON true
            WHERE c.id = o.id
            """, cancellationToken, ReadModel.MaxSearchLength);
        var replies = await ExecuteAsync(transaction, """
            UPDATE conversations.messages AS m SET delivery_state = d.state, delivery_detail = d.detail
            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d (id, state, detail)
            WHERE m.id = d.id
            """, cancellationToken, deliveries.Keys.ToArray(), deliveries.Values.Select(d => d.State).ToArray(),
            deliveries.Values.Select(d => d.Detail).ToArray());
        await transaction.CommitAsync(cancellationToken);
        return new RebuildResult(events, conversations, replies);
    }

    /// <summary>Every event of the streams whose id starts with <paramref name="streamPrefix"/>, in the order they were appended.</summary>
    private static IAsyncEnumerable<IEvent> StreamsAsync(IQuerySession session, string streamPrefix, CancellationToken cancellationToken) =>
        session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(streamPrefix))
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
