using JasperFx.Events;
using JasperFx.Events.Projections;
using MailHub.Conversations.Contracts;
using MailHub.Conversations.Domain;
using MailHub.Routing.Contracts;
using Marten;
using Marten.Events.Projections;

namespace MailHub.Conversations.ReadModel;

/// <summary>
/// The conversation list (conversations.conversations: status, assignee and team, counts, last activity, search
/// text and the search columns generated from it) and the replies' delivery states, written by Marten from the
/// conversation-{id} and routing-{id} streams. Registered inline: its statements run in the transaction of the
/// append (a command's, Routing's), so a list read after the call returns shows the change. A rebuild
/// (<see cref="ReadModelRebuild"/>) deletes the list's rows and replays every event through it.
/// <para>
/// A message event names its stored row (conversations.messages, written by the command just before the append):
/// the count, the activity (the mail's own date) and the search text come from that row, since the bodies are in no
/// event. The rows' schema, indexes and query plans are migrations 0001-0004's.
/// </para>
/// </summary>
internal sealed class ConversationListProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "conversations.list";

    public const string Table = "conversations.conversations";

    /// <summary>The search column keeps this many characters (subject and sender first).</summary>
    public const int MaxSearchLength = 16_000;

    /// <summary>
    /// The preview column: the start of what the sender wrote, without the quote below it, its white space collapsed
    /// (migration 0018 fills older rows with the same expression). Cut, in this order: from a quote separator
    /// ("-----Original Message-----", "原始邮件", Outlook's rule above "From:") to the end; from an attribution line
    /// ("... wrote:", "... 写道：") followed by "&gt;" lines to the end; from the first "&gt;" line to the end. The console's
    /// features/thread/quotes.ts folds the same quotes in the thread. A message that is all quote keeps it. No "?" in
    /// here: Marten's queued SQL takes it for a parameter ({0,1} instead).
    /// </summary>
    private const string PreviewOf = """
        left(btrim(regexp_replace(
            regexp_replace(regexp_replace(regexp_replace(coalesce(m.text_body, ''),
                '\n[ \t]*(-{2,}[ \t]*(original message|原始邮件|原始郵件|回复的原邮件|原邮件)|_{10,}\s*(from|发件人|寄件者)[ \t]*[:：]).*$', '', 'i'),
                '\n[^\n]*(wrote|写道|寫道|schrieb|a écrit|escribió|ha scritto|skrev)[ \t]*[:：]{0,1}\s*>.*$', '', 'i'),
                '\n[ \t]*>.*$', ''),
            '\s+', ' ', 'g')), 200)
        """;

    public ConversationListProjection()
    {
        IncludeType<ConversationOpened>();
        IncludeType<ConversationClosed>();
        IncludeType<ConversationReopened>();
        IncludeType<StatusChanged>();
        IncludeType<MessageAppended>();
        IncludeType<NoteAdded>();
        IncludeType<ReplyComposed>();
        IncludeType<ReplyDeliveryChanged>();
        IncludeType<ReplyWithdrawn>();
        IncludeType<ConversationAssigned>();
        IncludeType<TagsChanged>();
        IncludeType<PriorityChanged>();
        IncludeType<ConversationSnoozed>();
        IncludeType<SnoozeEnded>();
        IncludeType<ConversationMerged>();
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Inline, Marten hands over every event of the session (an SMTP batch's MessageReceived too): the switch skips them.
        foreach (var recorded in events)
            Apply(operations, recorded.Data);
        return Task.CompletedTask;
    }

    private static void Apply(IDocumentOperations operations, object change)
    {
        switch (change)
        {
            case ConversationOpened e:
                // Every opening carries its reply token (older events got theirs from their rows in migration 0005); one
                // without is refused by the row's NOT NULL rather than listed without a way to answer it.
                operations.QueueSqlCommand($"""
                    INSERT INTO {Table}
                        (id, number, mailbox_id, customer_id, customer_name, customer_email, subject, status, reply_token, opened_at,
                         last_message_at, search)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?::text, ?, ?, left(lower(?::text || ' ' || ?::text || ' ' || ?::text), ?))
                    """, e.ConversationId, e.Number, e.MailboxId, e.CustomerId, e.CustomerName ?? "", e.SenderAddress, e.Subject,
                    e.ReplyToken!, e.At.ToUniversalTime(), e.At.ToUniversalTime(), e.Subject, e.CustomerName ?? "", e.SenderAddress, MaxSearchLength);
                break;
            case MessageAppended e:
                AddMessage(operations, e.MessageId);
                break;
            case NoteAdded e:
                AddMessage(operations, e.NoteId);
                break;
            case ReplyComposed e:
                AddMessage(operations, e.MessageId);
                SetDelivery(operations, e.MessageId, DeliveryState.Queued, null);
                break;
            case ReplyDeliveryChanged e:
                SetDelivery(operations, e.MessageId, e.State, e.Detail);
                break;
            case ReplyWithdrawn e:
                SetDelivery(operations, e.MessageId, DeliveryState.Withdrawn, null);
                RemoveMessage(operations, e.ConversationId);
                break;
            case ConversationClosed e:
                SetStatus(operations, e.ConversationId, ConversationStatus.Closed, e.At.ToUniversalTime());
                break;
            case ConversationReopened e:
                SetStatus(operations, e.ConversationId, ConversationStatus.Open, null);
                break;
            case StatusChanged e:
                SetStatus(operations, e.ConversationId, e.Status, e.Status == ConversationStatus.Closed ? e.At.ToUniversalTime() : null);
                break;
            case TagsChanged e:
                operations.QueueSqlCommand($"UPDATE {Table} SET tags = ? WHERE id = ?", e.Tags.ToArray(), e.ConversationId);
                break;
            case PriorityChanged e:
                operations.QueueSqlCommand($"UPDATE {Table} SET priority = ? WHERE id = ?", e.Priority, e.ConversationId);
                break;
            case ConversationSnoozed e:
                operations.QueueSqlCommand($"UPDATE {Table} SET status = ?, snoozed_until = ? WHERE id = ?",
                    ConversationStatus.Snoozed, e.Until.ToUniversalTime(), e.ConversationId);
                break;
            case SnoozeEnded e:
                SetStatus(operations, e.ConversationId, ConversationStatus.Open, null);
                break;
            case ConversationMerged e:
                // The survivor lists the merged one's messages (its thread shows them) and waits since the older of the two.
                operations.QueueSqlCommand($"""
                    UPDATE {Table} AS t
                    SET message_count = t.message_count + s.message_count,
                        last_message_at = greatest(t.last_message_at, s.last_message_at),
                        waiting_since = least(t.waiting_since, s.waiting_since),
                        preview = CASE WHEN s.last_message_at > t.last_message_at THEN s.preview ELSE t.preview END,
                        search = left(t.search || ' ' || s.search, ?)
                    FROM {Table} AS s
                    WHERE s.id = ? AND t.id = ?
                    """, MaxSearchLength, e.ConversationId, e.Into);
                // What was merged into this one before now follows it too.
                operations.QueueSqlCommand($"UPDATE {Table} SET merged_into = ? WHERE id = ? OR merged_into = ?",
                    e.Into, e.ConversationId, e.ConversationId);
                break;
            case ConversationAssigned e:
                // Routing's stream: its last event is the current assignee. A conversation with no row (another module's
                // test announcing one) matches nothing.
                operations.QueueSqlCommand(
                    $"UPDATE {Table} SET assignee_id = ?::uuid, assignee_name = ?::text, team_id = ?::uuid, team_name = ?::text WHERE id = ?",
                    e.AgentId!, e.AgentName!, e.TeamId!, e.TeamName!, e.ConversationId);
                break;
        }
    }

    /// <summary>
    /// Every message counts as activity (at its own date); mail, not notes, feeds the search text and is the list's
    /// preview. A customer's message (not an automatic one) starts the wait unless one is running; our reply ends it.
    /// </summary>
    private static void AddMessage(IDocumentOperations operations, Guid messageId) =>
        operations.QueueSqlCommand($"""
            UPDATE {Table} AS c
            SET message_count = c.message_count + 1,
                last_message_at = greatest(c.last_message_at, m.sent_at),
                waiting_since = CASE
                    WHEN m.direction = 'inbound' AND NOT m.automatic THEN coalesce(c.waiting_since, m.sent_at)
                    WHEN m.direction = 'outbound' THEN NULL
                    ELSE c.waiting_since END,
                preview = CASE WHEN m.direction = 'note' THEN c.preview ELSE {PreviewOf} END,
                search = CASE WHEN m.direction = 'note' THEN c.search ELSE left(c.search || lower(
                    ' ' || coalesce(m.from_name, '') || ' ' || coalesce(m.from_address, '') || ' ' || coalesce(m.text_body, '')), ?) END
            FROM conversations.messages AS m
            WHERE m.id = ? AND c.id = m.conversation_id
            """, MaxSearchLength, messageId);

    /// <summary>
    /// A withdrawn reply (its row already marked) no longer counts, nor is it the latest activity or the preview, nor did
    /// it end the customer's wait: that runs again from their first message after our last reply still standing. Its
    /// search text stays: it was written.
    /// </summary>
    private static void RemoveMessage(IDocumentOperations operations, Guid conversationId) =>
        operations.QueueSqlCommand($"""
            UPDATE {Table} AS c
            SET message_count = greatest(c.message_count - 1, 0),
                last_message_at = coalesce((SELECT max(m.sent_at) FROM conversations.messages AS m
                    WHERE m.conversation_id = c.id AND m.delivery_state IS DISTINCT FROM ?), c.opened_at),
                preview = (SELECT {PreviewOf} FROM conversations.messages AS m
                    WHERE m.conversation_id = c.id AND m.direction <> 'note' AND m.delivery_state IS DISTINCT FROM ?
                    ORDER BY m.seq DESC LIMIT 1),
                waiting_since = CASE WHEN c.status = ? THEN c.waiting_since ELSE (
                    SELECT min(i.sent_at) FROM conversations.messages AS i
                    WHERE i.conversation_id = c.id AND i.direction = 'inbound' AND NOT i.automatic
                      AND i.seq > coalesce((SELECT max(o.seq) FROM conversations.messages AS o
                          WHERE o.conversation_id = c.id AND o.direction = 'outbound' AND o.delivery_state IS DISTINCT FROM ?), 0)) END
            WHERE c.id = ?
            """, DeliveryState.Withdrawn, DeliveryState.Withdrawn, ConversationStatus.Closed, DeliveryState.Withdrawn, conversationId);

    /// <summary>Any status but snoozed ends a snooze; closing ends the wait (a customer's next mail starts it again).</summary>
    private static void SetStatus(IDocumentOperations operations, Guid conversationId, string status, DateTimeOffset? closedAt) =>
        operations.QueueSqlCommand($"""
            UPDATE {Table} SET status = ?, closed_at = ?::timestamptz, snoozed_until = NULL,
                waiting_since = CASE WHEN ? THEN NULL ELSE waiting_since END
            WHERE id = ?
            """, status, closedAt!, status == ConversationStatus.Closed, conversationId);

    private static void SetDelivery(IDocumentOperations operations, Guid messageId, string state, string? detail) =>
        operations.QueueSqlCommand("UPDATE conversations.messages SET delivery_state = ?, delivery_detail = ?::text WHERE id = ?",
            state, detail!, messageId);
}
