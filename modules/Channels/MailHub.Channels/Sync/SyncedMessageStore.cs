using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MailHub.Channels.Inbound;
using MailHub.Channels.Mailboxes;
using MailHub.Mail.Smtp.Server;
using Npgsql;

namespace MailHub.Channels.Sync;

/// <summary>A message fetched from a mailbox's server; Label says where it was ("INBOX uid 42", "uidl abc").</summary>
internal sealed record FetchedMessage(byte[] Content, string Label);

/// <summary>
/// Stores synced mail through the same store and event as the SMTP listener (InboundBatchWriter,
/// MessageReceived), with a synthetic envelope: MAIL FROM from Return-Path, RCPT TO the mailbox's
/// address, endpoint "imap" or "pop3". Messages the mailbox has already (same Message-ID and size,
/// or the same content without a Message-ID) are skipped, so a batch fetched again after a crash
/// or a UIDVALIDITY change is stored once.
/// </summary>
internal sealed class SyncedMessageStore(NpgsqlDataSource dataSource, InboundBatchWriter writer, TimeProvider time)
{
    /// <summary>Returns how many were new and stored.</summary>
    public async Task<int> StoreAsync(Mailbox mailbox, string source, string server, IReadOnlyList<FetchedMessage> messages,
        CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
            return 0;
        var candidates = messages.Select(m => (Message: m, Sha256: SHA256.HashData(m.Content), Summary: HeaderSummary.Read(m.Content, complete: true))).ToList();
        var known = await KnownAsync(mailbox.Id, candidates.Select(c => c.Summary.MessageId).OfType<string>().ToArray(),
            candidates.Select(c => c.Sha256).ToArray(), cancellationToken);

        var pending = new List<PendingMessage>();
        foreach (var (message, sha256, summary) in candidates)
        {
            var key = KeyOf(summary.MessageId, message.Content.LongLength, sha256);
            if (!known.Add(key))
                continue;
            var now = time.GetUtcNow();
            var envelope = new ReceivedEnvelope
            {
                Id = $"{source}-{Guid.NewGuid():N}"[..Math.Min(source.Length + 17, 40)],
                MailFrom = ReturnPath(message.Content, summary),
                Recipients = [mailbox.Address],
                ClientAddress = IPAddress.Any,
                HeloName = server,
                EndpointName = source,
                ReceivedAt = now,
            };
            var trace = Encoding.UTF8.GetBytes(
                $"Received: from {server} by mailhub with {source.ToUpperInvariant()} (sync of {mailbox.Address}, {message.Label});\r\n\t"
                + now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture) + "\r\n");
            pending.Add(new PendingMessage
            {
                Id = Guid.CreateVersion7(now),
                Envelope = envelope,
                TraceHeader = trace,
                Sha256 = sha256,
                ContentSize = message.Content.LongLength,
                Content = message.Content,
                Summary = summary,
                DedupeKey = SHA256.HashData([.. sha256, .. Encoding.UTF8.GetBytes("\nsync:" + mailbox.Id)]),
                MailboxId = mailbox.Id,
            });
        }
        if (pending.Count > 0)
            await writer.CommitAsync(pending, cancellationToken);
        return pending.Count;
    }

    private async Task<HashSet<string>> KnownAsync(Guid mailbox, string[] messageIds, byte[][] hashes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT i.message_id, r.size, i.sha256 FROM channels.inbound_messages i JOIN channels.raw_messages r ON r.sha256 = i.sha256
            WHERE i.mailbox_id = $1 AND (i.message_id = ANY($2) OR i.sha256 = ANY($3))
            """);
        command.Parameters.Add(new() { Value = mailbox });
        command.Parameters.Add(new() { Value = messageIds });
        command.Parameters.Add(new() { Value = hashes });
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            known.Add(KeyOf(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
        return known;
    }

    private static string KeyOf(string? messageId, long size, byte[] sha256) =>
        messageId is null ? "sha256:" + Convert.ToHexString(sha256) : $"id:{messageId}\n{size.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The Return-Path the server recorded at final delivery (RFC 5321 §4.4), else the From address.</summary>
    private static string ReturnPath(byte[] content, HeaderSummary summary)
    {
        var headerEnd = content.AsSpan().IndexOf("\r\n\r\n"u8);
        var header = Encoding.UTF8.GetString(content, 0, headerEnd < 0 ? Math.Min(content.Length, 64 * 1024) : headerEnd);
        foreach (var line in header.Split('\n'))
        {
            if (!line.StartsWith("Return-Path:", StringComparison.OrdinalIgnoreCase))
                continue;
            var value = line["Return-Path:".Length..].Trim().Trim('<', '>').Trim();
            return value;
        }
        if (summary.From is { } from)
        {
            var open = from.LastIndexOf('<');
            var close = from.LastIndexOf('>');
            return open >= 0 && close > open ? from[(open + 1)..close] : from.Split(',')[0].Trim();
        }
        return ""; // the null reverse-path
    }
}
