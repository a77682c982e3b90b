using MailHub.Channels.Listing;
using System.Net;
using System.Text;
using Npgsql;

namespace MailHub.Channels.Inbound;

internal sealed record InboundListItem(
    Guid Id, DateTimeOffset ReceivedAt, string MailFrom, IReadOnlyList<string> RcptTo, string? From, string? To,
    string? Subject, string? MessageId, long Size, bool Malformed);

internal sealed record InboundPage(IReadOnlyList<InboundListItem> Items, long Total, string? Next);

/// <summary>The envelope of one delivery, as the SMTP listener saw it.</summary>
internal sealed record InboundEnvelope(
    string MailFrom, IReadOnlyList<string> RcptTo, string ClientIp, string HeloName, string? Tls, string? AuthenticatedUser,
    string Endpoint, string SmtpId, DateTimeOffset ReceivedAt, Guid? MailboxId);

internal sealed record InboundDetail(Guid Id, long Size, string Sha256, bool Malformed, string? Problems, InboundEnvelope Envelope);

/// <summary>Reads what the SMTP listener stored: the list, one message's envelope, its raw bytes.</summary>
internal sealed class InboundMessages(NpgsqlDataSource dataSource)
{
    private const string ListColumns = "id, received_at, mail_from, rcpt_to, header_from, header_to, subject, message_id, size, malformed";

    public async Task<InboundPage> ListAsync(InboundQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (filter, parameters) = MessageListFilter.Build(query.To, query.From, query.Subject, query.Q, query.Since, query.Mailbox, "received_at");

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM channels.inbound_messages{MessageListFilter.Where(filter)}", connection);
        foreach (var p in parameters)
            count.Parameters.Add(new NpgsqlParameter { Value = p });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;

        if (query.After is { } after)
        {
            parameters.Add(after.ReceivedAt);
            parameters.Add(after.Id);
            filter.Add($"(received_at, id) < (${parameters.Count - 1}, ${parameters.Count})");
        }
        parameters.Add(query.Limit + 1);
        await using var page = new NpgsqlCommand(
            $"SELECT {ListColumns} FROM channels.inbound_messages{MessageListFilter.Where(filter)} ORDER BY received_at DESC, id DESC LIMIT ${parameters.Count}",
            connection);
        foreach (var p in parameters)
            page.Parameters.Add(new NpgsqlParameter { Value = p });

        var items = new List<InboundListItem>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new InboundListItem(
                    reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                    NullableString(reader, 4), NullableString(reader, 5), NullableString(reader, 6), NullableString(reader, 7),
                    reader.GetInt64(8), reader.GetBoolean(9)));
            }
        }

        string? next = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = new InboundCursor(items[^1].ReceivedAt, items[^1].Id).ToString();
        }
        return new InboundPage(items, total, next);
    }

    public async Task<InboundDetail?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT size, sha256, malformed, problems, mail_from, rcpt_to, client_ip, helo_name, tls_protocol, authenticated_user,
                   endpoint, smtp_id, received_at, mailbox_id
            FROM channels.inbound_messages WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var envelope = new InboundEnvelope(
            reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.GetFieldValue<IPAddress>(6).ToString(), reader.GetString(7),
            NullableString(reader, 8), NullableString(reader, 9), reader.GetString(10), reader.GetString(11),
            reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetGuid(13));
        return new InboundDetail(id, reader.GetInt64(0), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)),
            reader.GetBoolean(2), NullableString(reader, 3), envelope);
    }

    /// <summary>Copies the content as the sender sent it (without our Received field) to <paramref name="target"/>; false when there is no such message.</summary>
    public Task<bool> CopyContentAsync(Guid id, Stream target, CancellationToken cancellationToken) =>
        CopyAsync(id, target, includeTrace: false, cancellationToken);

    /// <summary>Copies the bytes exactly as received (our Received field, then the content); false when there is no such message.</summary>
    public Task<bool> CopyRawAsync(Guid id, Stream target, CancellationToken cancellationToken) =>
        CopyAsync(id, target, includeTrace: true, cancellationToken);

    private async Task<bool> CopyAsync(Guid id, Stream target, bool includeTrace, CancellationToken cancellationToken)
    {
        // SequentialAccess streams the bytea column instead of buffering the whole row (messages up to 35 MB).
        await using var command = dataSource.CreateCommand("""
            SELECT i.trace_header, r.content FROM channels.inbound_messages i
            JOIN channels.raw_messages r ON r.sha256 = i.sha256 WHERE i.id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return false;
        await using (var trace = await reader.GetStreamAsync(0, cancellationToken))
        {
            if (includeTrace)
                await trace.CopyToAsync(target, cancellationToken);
        }
        await using var content = await reader.GetStreamAsync(1, cancellationToken);
        await content.CopyToAsync(target, cancellationToken);
        return true;
    }

    /// <summary>The size of what <see cref="CopyRawAsync"/> writes, or null when there is no such message.</summary>
    public async Task<long?> RawSizeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT size FROM channels.inbound_messages WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
