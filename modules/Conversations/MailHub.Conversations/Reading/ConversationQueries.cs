using MailHub.Conversations.Domain;
using MailHub.Conversations.ReadModel;
using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.Conversations.Reading;

/// <summary>A conversation as the list shows it.</summary>
internal sealed record ListedConversation(
    Guid Id, long Number, string Subject, string Status, Guid MailboxId, Guid CustomerId, string CustomerName, string CustomerEmail,
    Guid? AssigneeId, string? AssigneeName, Guid? TeamId, string? TeamName, DateTimeOffset LastMessageAt, int MessageCount,
    string ReplyToken, DateTimeOffset? ClosedAt, IReadOnlyList<string> Tags, string Priority, DateTimeOffset? SnoozedUntil,
    DateTimeOffset? WaitingSince, Guid? MergedInto, string? Preview)
{
    /// <summary>The key of the list's order under <paramref name="sort"/>: the keyset cursor continues after it.</summary>
    public DateTimeOffset SortKey(string sort) => sort == ListSort.Waiting ? WaitingSince ?? ListSort.NotWaiting : LastMessageAt;
}

/// <summary>A message row as the detail view and the reply composer read it.</summary>
internal sealed record StoredMessage(
    Guid Id, Guid ConversationId, Guid MailboxId, string Direction, Guid? InboundMessageId, string? RfcMessageId, string? References,
    string? ReplyTo, string? FromAddress, string? FromName, string? To, string? Cc, string? Subject, string? Text, string? Html,
    DateTimeOffset SentAt, bool Automatic, string? DeliveryState, string? DeliveryDetail, string AttachmentsJson, bool HasRaw);

/// <summary>
/// Filters of GET /api/conversations. <see cref="View"/>: mine (assigned to <see cref="Member"/>), unassigned, teams (of
/// <see cref="MemberTeams"/>), all; <see cref="VisibleTo"/> set limits it to what an agent may see.
/// </summary>
internal sealed record ListFilter(string? Status, Guid? MailboxId, string? Assignee, Guid? AssigneeId, string? Query,
    (DateTimeOffset At, Guid Id)? After, int Limit, Guid? VisibleTo, IReadOnlyList<Guid> VisibleTeams)
{
    public string? View { get; init; }
    public Guid Member { get; init; }
    public IReadOnlyList<Guid> MemberTeams { get; init; } = [];
    public string? Tag { get; init; }
    public string? Priority { get; init; }
    public string Sort { get; init; } = ListSort.Latest;
}

/// <summary>The list's orders: newest activity first, or the customer waiting longest first (those not waiting last).</summary>
internal static class ListSort
{
    public const string Latest = "latest";
    public const string Waiting = "waiting";

    /// <summary>The sort key of a conversation nobody waits on (migration 0006's waiting_order).</summary>
    public static readonly DateTimeOffset NotWaiting = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>The lists' views, each one filter of the list.</summary>
internal static class ListView
{
    public const string Mine = "mine";
    public const string Unassigned = "unassigned";
    public const string Teams = "teams";
    public const string All = "all";

    public static bool IsKnown(string? view) => view is Mine or Unassigned or Teams or All;
}

/// <summary>How many conversations each view holds; <see cref="All"/> only for those who may see every team's.</summary>
internal sealed record ViewCounts(long Mine, long Unassigned, long Teams, long? All);

internal sealed class ConversationQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns = """
        id, number, subject, status, mailbox_id, customer_id, customer_name, customer_email, assignee_id, assignee_name,
        team_id, team_name, last_message_at, message_count, reply_token, closed_at, tags, priority, snoozed_until, waiting_since,
        merged_into, preview
        """;

    private const string MessageColumns = """
        id, conversation_id, mailbox_id, direction, inbound_message_id, rfc_message_id, references_ids, reply_to, from_address,
        from_name, to_addresses, cc_addresses, subject, text_body, html_body, sent_at, automatic, delivery_state, delivery_detail,
        attachments::text, raw IS NOT NULL
        """;

    /// <summary>
    /// One conversation of the list; a reply is composed from it, so it waits out a rebuild of the list (which would
    /// answer "not found" for a conversation not replayed yet) rather than read a half-filled table.
    /// </summary>
    public async Task<ListedConversation?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(ProjectionReads.AfterRebuild(ConversationListProjection.ProjectionName));
        var query = new NpgsqlBatchCommand($"SELECT {SummaryColumns} FROM conversations.conversations WHERE id = $1");
        query.Parameters.Add(new() { Value = id });
        batch.BatchCommands.Add(query);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    // How many of the newest conversations a search looks through before it asks the search indexes.
    private const int RecentWindow = 300;

    /// <summary>
    /// Newest activity first, keyset-paged on (last_message_at, id); one row more than asked tells whether
    /// there is a next page. A search (q) is answered in two steps, because PostgreSQL cannot estimate how
    /// common a substring is, and its guess flipped between runs: a common one (@163.com) through the
    /// trigram index took 500 ms, a rare one walking the activity index 130 ms. First the newest
    /// <see cref="RecentWindow"/> conversations are filtered (a common substring fills the page there);
    /// when that is not a full page, the substring is rare, and the search indexes answer it (plain index
    /// and sequential scans off, so the planner cannot walk the activity index or the table instead).
    /// </summary>
    public async Task<IReadOnlyList<ListedConversation>> ListAsync(ListFilter filter, CancellationToken cancellationToken)
    {
        var searching = !string.IsNullOrWhiteSpace(filter.Query);
        if (searching)
        {
            await using var recent = dataSource.CreateCommand();
            BuildList(recent, filter, RecentWindow);
            var found = await ReadSummariesAsync(recent, cancellationToken);
            if (found.Count > filter.Limit)
                return found;
        }

        await using var batch = dataSource.CreateBatch();
        if (searching)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)"));
        var query = new NpgsqlBatchCommand();
        query.CommandText = BuildList(query.Parameters, filter);
        batch.BatchCommands.Add(query);
        // One implicit transaction: the setting (local to it) is in force when the list query is planned.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (searching)
            await reader.NextResultAsync(cancellationToken);
        var rows = new List<ListedConversation>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadSummary(reader));
        return rows;
    }

    private static async Task<List<ListedConversation>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ListedConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadSummary(reader));
        return rows;
    }

    /// <summary>
    /// The list query for <paramref name="filter"/>, as SQL and parameters of <paramref name="command"/> (tests
    /// EXPLAIN it); with <paramref name="recentWindow"/>, looking only through that many newest conversations.
    /// </summary>
    internal static void BuildList(NpgsqlCommand command, ListFilter filter, int? recentWindow = null) =>
        command.CommandText = BuildList(command.Parameters, filter, recentWindow);

    private static string BuildList(NpgsqlParameterCollection parameters, ListFilter filter, int? recentWindow = null)
    {
        var where = new List<string>();
        string Param(object value)
        {
            parameters.Add(new() { Value = value });
            return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (filter.Status is not null)
            where.Add($"status = {Param(filter.Status)}");
        if (filter.MailboxId is { } mailbox)
            where.Add($"mailbox_id = {Param(mailbox)}");
        if (filter.Assignee == "unassigned")
            where.Add("assignee_id IS NULL");
        else if (filter.AssigneeId is { } assignee)
            where.Add($"assignee_id = {Param(assignee)}");
        switch (filter.View)
        {
            case ListView.Mine:
                where.Add($"assignee_id = {Param(filter.Member)}");
                break;
            case ListView.Unassigned:
                where.Add("assignee_id IS NULL");
                break;
            case ListView.Teams:
                where.Add($"team_id = ANY({Param(filter.MemberTeams.ToArray())})");
                break;
        }
        if (filter.Tag is not null)
            where.Add($"tags @> ARRAY[{Param(filter.Tag)}]");
        if (filter.Priority is not null)
            where.Add($"priority = {Param(filter.Priority)}");
        string? search = null;
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var query = filter.Query.Trim().ToLowerInvariant();
            // One or two Chinese characters hold no trigram for the search index: the unigram and bigram
            // arrays answer them exactly (migrations 0003 and 0002).
            var cjk = query.All(IsCjkIdeograph);
            search = query.Length switch
            {
                1 when cjk => $"search_unigrams @> ARRAY[{Param(query)}]",
                2 when cjk => $"search_bigrams @> ARRAY[{Param(query)}]",
                // search begins with search_head (subject, customer): the same rows, but a row whose head
                // matches is never read further (migration 0004).
                _ => Pattern(Param("%" + EscapeLike(query) + "%")),
            };
            static string Pattern(string p) => $"(search_head LIKE {p} OR search LIKE {p})";
        }
        var waiting = filter.Sort == ListSort.Waiting;
        var order = waiting ? "waiting_order, id" : "last_message_at DESC, id DESC";
        if (filter.After is { } after)
            where.Add(waiting
                ? $"(waiting_order, id) > ({Param(after.At)}, {Param(after.Id)})"
                : $"(last_message_at, id) < ({Param(after.At)}, {Param(after.Id)})");
        if (filter.VisibleTo is { } member)
            where.Add($"(assignee_id = {Param(member)} OR team_id IS NULL OR team_id = ANY({Param(filter.VisibleTeams.ToArray())}))");
        static string Where(IEnumerable<string> conditions) =>
            conditions.Any() ? "WHERE " + string.Join(" AND ", conditions) : "";
        if (search is not null && recentWindow is { } window)
        {
            return $"""
                SELECT {SummaryColumns} FROM (
                    SELECT * FROM conversations.conversations {Where(where)}
                    ORDER BY {order}
                    LIMIT {Param(window)}) AS conversations
                WHERE {search}
                ORDER BY {order}
                LIMIT {Param(filter.Limit + 1)}
                """;
        }
        return $"""
            SELECT {SummaryColumns} FROM conversations.conversations
            {Where(search is null ? where : [.. where, search])}
            ORDER BY {order}
            LIMIT {Param(filter.Limit + 1)}
            """;
    }

    /// <summary>
    /// How many conversations in <paramref name="status"/> each view holds, for <paramref name="member"/> (of
    /// <paramref name="teams"/>); <paramref name="seesAll"/>: a supervisor or admin, who also gets "all" and sees every team's.
    /// </summary>
    public async Task<ViewCounts> CountAsync(string status, Guid member, IReadOnlyList<Guid> teams, bool seesAll, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT count(*) FILTER (WHERE assignee_id = $2),
                   count(*) FILTER (WHERE assignee_id IS NULL),
                   count(*) FILTER (WHERE team_id = ANY($3)),
                   count(*)
            FROM conversations.conversations
            WHERE status = $1 {(seesAll ? "" : "AND (assignee_id = $2 OR team_id IS NULL OR team_id = ANY($3))")}
            """);
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = member });
        command.Parameters.Add(new() { Value = teams.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ViewCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), seesAll ? reader.GetInt64(3) : null);
    }

    /// <summary>Snoozed conversations whose time has come (at most <paramref name="limit"/>, the most overdue first).</summary>
    public async Task<IReadOnlyList<Guid>> DueSnoozesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id FROM conversations.conversations WHERE status = 'snoozed' AND snoozed_until <= $1 ORDER BY snoozed_until LIMIT $2
            """);
        command.Parameters.Add(new() { Value = now.ToUniversalTime() });
        command.Parameters.Add(new() { Value = limit });
        var due = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            due.Add(reader.GetGuid(0));
        return due;
    }

    /// <summary>When the next snoozed conversation is due (the earliest snoozed_until), or null when none sleeps.</summary>
    public async Task<DateTimeOffset?> NextSnoozeAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(snoozed_until) FROM conversations.conversations WHERE status = 'snoozed'");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>The conversation's messages, and those of the conversations merged into it, in the order they were stored.</summary>
    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {MessageColumns} FROM conversations.messages
            WHERE (conversation_id = $1 OR conversation_id IN (SELECT id FROM conversations.conversations WHERE merged_into = $1))
                AND delivery_state IS DISTINCT FROM '{DeliveryState.Withdrawn}'
            ORDER BY seq
            """);
        command.Parameters.Add(new() { Value = conversationId });
        var messages = new List<StoredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            messages.Add(ReadMessage(reader));
        return messages;
    }

    public async Task<StoredMessage?> MessageAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {MessageColumns} FROM conversations.messages WHERE id = $1");
        command.Parameters.Add(new() { Value = messageId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadMessage(reader) : null;
    }

    public async Task<byte[]?> OutboundRawAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT raw FROM conversations.messages WHERE id = $1");
        command.Parameters.Add(new() { Value = messageId });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>The ranges cjk_unigrams() and cjk_bigrams() of migrations 0003 and 0002 index.</summary>
    private static bool IsCjkIdeograph(char c) => c is (>= '\u3400' and <= '\u9fff') or (>= '\uf900' and <= '\ufaff');

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static ListedConversation ReadSummary(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetGuid(4), r.GetGuid(5), r.GetString(6), r.GetString(7),
        r.IsDBNull(8) ? null : r.GetGuid(8), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetGuid(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetFieldValue<DateTimeOffset>(12), r.GetInt32(13), r.GetString(14),
        r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15), r.GetFieldValue<string[]>(16), r.GetString(17),
        r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18), r.IsDBNull(19) ? null : r.GetFieldValue<DateTimeOffset>(19),
        r.IsDBNull(20) ? null : r.GetGuid(20), r.IsDBNull(21) ? null : r.GetString(21));

    private static StoredMessage ReadMessage(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredMessage(
            r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), S(5), S(6), S(7), S(8),
            S(9), S(10), S(11), S(12), S(13), S(14), r.GetFieldValue<DateTimeOffset>(15), r.GetBoolean(16), S(17), S(18),
            r.GetString(19), r.GetBoolean(20));
    }
}
