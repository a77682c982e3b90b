using System.Text.RegularExpressions;
using MailHub.Channels.Contracts;
using MailHub.Conversations.ReadModel;
using MailHub.Core.EventSourcing;
using Npgsql;

namespace MailHub.Conversations.Threading;

/// <summary>
/// Finds the conversation an inbound message belongs to, in the order the rules give: by Message-ID in the stored
/// messages, by reply token or [#number] in the conversation list (waiting out a rebuild of it, which would hide rows).
/// </summary>
internal sealed partial class ThreadLookup(NpgsqlDataSource dataSource)
{
    public async Task<bool> IsKnownAsync(Guid inboundMessageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1 FROM conversations.messages WHERE inbound_message_id = $1");
        command.Parameters.Add(new() { Value = inboundMessageId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The same message (Message-ID and content) already stored for the mailbox: a duplicate delivery.</summary>
    public async Task<bool> IsDuplicateAsync(Guid mailboxId, string? messageId, string sha256, CancellationToken cancellationToken)
    {
        if (messageId is null)
            return false;
        await using var command = dataSource.CreateCommand(
            "SELECT 1 FROM conversations.messages WHERE mailbox_id = $1 AND rfc_message_id = $2 AND sha256 = $3 LIMIT 1");
        command.Parameters.Add(new() { Value = mailboxId });
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = sha256 });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The conversation the mail belongs to; for one merged into another, the one it was merged into.</summary>
    public async Task<Guid?> FindAsync(MailboxInfo mailbox, InboundMail mail, IReadOnlyList<string> recipients, CancellationToken cancellationToken) =>
        await FoundAsync(mailbox, mail, recipients, cancellationToken) is { } found
            ? await ScalarAsync("SELECT coalesce(merged_into, id) FROM conversations.conversations WHERE id = $1", cancellationToken, found) ?? found
            : null;

    private async Task<Guid?> FoundAsync(MailboxInfo mailbox, InboundMail mail, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        // 1. Our own Message-ID format on something the customer answers.
        foreach (var id in mail.ThreadIds)
        {
            if (OurMessageIds.ConversationOf(id) is { } ours && await InMailboxAsync(ours, mailbox.Id, cancellationToken))
                return ours;
        }
        // 2. Any Message-ID stored for the mailbox.
        var threadIds = mail.ThreadIds.ToArray();
        if (threadIds.Length > 0 && await ByMessageIdAsync(mailbox.Id, threadIds, cancellationToken) is { } byId)
            return byId;
        // 3. A reply token in a plus address: support+token@example.com.
        if (mailbox.AllowPlusAddressing)
        {
            foreach (var token in recipients.Select(ReplyTokenOf).OfType<string>())
            {
                if (await ScalarAsync("SELECT id FROM conversations.conversations WHERE mailbox_id = $1 AND reply_token = $2",
                        cancellationToken, mailbox.Id, token) is Guid byToken)
                    return byToken;
            }
        }
        // 4. A subject token: [#1234].
        if (mailbox.SubjectTokens && SubjectToken().Match(mail.Subject) is { Success: true } match
            && long.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && await ScalarAsync("SELECT id FROM conversations.conversations WHERE mailbox_id = $1 AND number = $2",
                cancellationToken, mailbox.Id, number) is Guid bySubject)
            return bySubject;
        // 5. Our own message coming back by itself (a loop): the conversation its Message-ID names.
        if (OurMessageIds.ConversationOf(mail.MessageId) is { } looped && await InMailboxAsync(looped, mailbox.Id, cancellationToken))
            return looped;
        return null;
    }

    /// <summary>The reply our message <paramref name="messageIds"/> names, for bounces: (conversation, message).</summary>
    public async Task<(Guid ConversationId, Guid MessageId)?> FindReplyAsync(Guid mailboxId, string[] messageIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT conversation_id, id FROM conversations.messages
            WHERE mailbox_id = $1 AND rfc_message_id = ANY($2) AND direction = 'outbound'
            ORDER BY seq DESC LIMIT 1
            """);
        command.Parameters.Add(new() { Value = mailboxId });
        command.Parameters.Add(new() { Value = messageIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetGuid(1)) : null;
    }

    public static string? ReplyTokenOf(string address)
    {
        var at = address.LastIndexOf('@');
        var plus = at > 0 ? address.LastIndexOf('+', at) : -1;
        return plus > 0 && at - plus > 1 ? address[(plus + 1)..at].ToLowerInvariant() : null;
    }

    private Task<Guid?> ByMessageIdAsync(Guid mailboxId, string[] ids, CancellationToken cancellationToken) =>
        ScalarAsync("""
            SELECT conversation_id FROM conversations.messages
            WHERE mailbox_id = $1 AND rfc_message_id = ANY($2) ORDER BY seq DESC LIMIT 1
            """, cancellationToken, mailboxId, ids);

    private async Task<bool> InMailboxAsync(Guid conversationId, Guid mailboxId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT id FROM conversations.conversations WHERE id = $1 AND mailbox_id = $2",
            cancellationToken, conversationId, mailboxId) is not null;

    /// <summary>A conversation id from the list (<see cref="ConversationListProjection"/>), read once no rebuild of it is under way.</summary>
    private async Task<Guid?> ScalarAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(ProjectionReads.AfterRebuild(ConversationListProjection.ProjectionName));
        var query = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            query.Parameters.Add(new() { Value = value });
        batch.BatchCommands.Add(query);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetGuid(0) : null;
    }

    [GeneratedRegex(@"\[#(\d{1,18})\]")]
    private static partial Regex SubjectToken();
}
