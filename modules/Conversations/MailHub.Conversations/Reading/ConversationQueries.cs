using MailHub.Conversations.Domain;
using MailHub.Conversations.ReadModel;
using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.Conversations.Reading;

/// <summary>A conversation as the list shows it.</summary>
internal sealed record ConversationSummary(
    Guid Id, long Number, string Subject, string Status, Guid MailboxId, Guid CustomerId, string CustomerName, string CustomerEmail,
    Guid? AssigneeId, string? AssigneeName, Guid? TeamId, string? TeamName, DateTimeOffset LastMessageAt, int MessageCount,
    string ReplyToken, DateTimeOffset? ClosedAt);

/// <summary>A message row as the detail view and the reply composer read it.</summary>
internal sealed record StoredMessage(
    Guid Id, Guid ConversationId, Guid MailboxId, string Direction, Guid? InboundMessageId, string? RfcMessageId, string? References,
    string? ReplyTo, string? FromAddress, string? FromName, string? To, string? Cc, string? Subject, string? Text, string? Html,
    DateTimeOffset SentAt, bool Automatic, string? DeliveryState, string? DeliveryDetail, string AttachmentsJson, bool HasRaw);

/// <summary>Filters of GET /api/conversations.</summary>
internal sealed record ListFilter(string? Status, Guid? MailboxId, string? Assignee, Guid? AssigneeId, string? Query,
    (DateTimeOffset At, Guid Id)? After, int Limit, Guid? VisibleTo, IReadOnlyList<Guid> VisibleTeams);

internal sealed class ConversationQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns = """
        id, number, subject, status, mailbox_id, customer_id, customer_name, customer_email, assignee_id, assignee_name,
        team_id, team_name, last_message_at, message_count, reply_token, closed_at
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
    public async Task<ConversationSummary?> FindAsync(Guid id, CancellationToken cancellationToken)
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
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(ListFilter filter, CancellationToken cancellationToken)
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
        var rows = new List<ConversationSummary>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReadSummary(reader));
        return rows;
    }

    private static async Task<List<ConversationSummary>> ReadSummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ConversationSummary>();
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
        if (filter.After is { } after)
            where.Add($"(last_message_at, id) < ({Param(after.At)}, {Param(after.Id)})");
        if (filter.VisibleTo is { } member)
            where.Add($"(assignee_id = {Param(member)} OR team_id IS NULL OR team_id = ANY({Param(filter.VisibleTeams.ToArray())}))");
        static string Where(IEnumerable<string> conditions) =>
            conditions.Any() ? "WHERE " + string.Join(" AND ", conditions) : "";
        if (search is not null && recentWindow is { } window)
        {
            return $"""
                SELECT {SummaryColumns} FROM (
                    SELECT * FROM conversations.conversations {Where(where)}
                    ORDER BY last_message_at DESC, id DESC
                    LIMIT {Param(window)}) AS conversations
                WHERE {search}
                ORDER BY last_message_at DESC, id DESC
                LIMIT {Param(filter.Limit + 1)}
                """;
        }
        return $"""
            SELECT {SummaryColumns} FROM conversations.conversations
            {Where(search is null ? where : [.. where, search])}
            ORDER BY last_message_at DESC, id DESC
            LIMIT {Param(filter.Limit + 1)}
            """;
    }

    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {MessageColumns} FROM conversations.messages WHERE conversation_id = $1 AND delivery_state IS DISTINCT FROM '{DeliveryState.Withdrawn}' ORDER BY seq");
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

    private static ConversationSummary ReadSummary(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetGuid(4), r.GetGuid(5), r.GetString(6), r.GetString(7),
        r.IsDBNull(8) ? null : r.GetGuid(8), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetGuid(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetFieldValue<DateTimeOffset>(12), r.GetInt32(13), r.GetString(14),
        r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15));

    private static StoredMessage ReadMessage(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredMessage(
            r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), S(5), S(6), S(7), S(8),
            S(9), S(10), S(11), S(12), S(13), S(14), r.GetFieldValue<DateTimeOffset>(15), r.GetBoolean(16), S(17), S(18),
            r.GetString(19), r.GetBoolean(20));
    }
}
