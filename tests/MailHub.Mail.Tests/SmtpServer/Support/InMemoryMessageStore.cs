using System.Buffers;
using System.Collections.Concurrent;
using MailHub.Mail.Smtp.Server;
using global::SmtpServer;
using global::SmtpServer.Protocol;
using global::SmtpServer.Storage;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>A message store for tests: keeps each message (our Received field, then the content) in memory.</summary>
public sealed class InMemoryMessageStore(string serverName) : IMessageStore
{
    private int _nextId;

    public ConcurrentQueue<StoredMessage> Messages { get; } = new();

    /// <summary>Only count bytes: for load runs, where keeping 20,000 messages would measure the GC.</summary>
    public bool DiscardContent { get; set; }

    /// <summary>Holds every save until set: to keep DATA sections in flight.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Released once per save that has reached the gate: its DATA section is then held whole.</summary>
    public SemaphoreSlim AtGate { get; } = new(0);

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            AtGate.Release();
            await gate.Task.WaitAsync(cancellationToken);
        }

        var envelope = ReceivedEnvelope.Of(context, transaction, DateTimeOffset.UtcNow);
        var id = "m" + Interlocked.Increment(ref _nextId);
        byte[] content = DiscardContent ? [] : [.. ReceivedHeader.Build(envelope, serverName), .. MessageContent.ToArray(buffer)];
        Messages.Enqueue(new StoredMessage(id, envelope, content, MessageContent.LengthOf(buffer)));
        return SmtpReplies.Queued(id);
    }
}

public sealed record StoredMessage(string Id, ReceivedEnvelope Transaction, byte[] Content, long Length)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Content);

    /// <summary>The content after the Received header the store prepends.</summary>
    public string Body
    {
        get
        {
            var text = Text;
            var end = text.IndexOf("\r\n", text.IndexOf("; ", StringComparison.Ordinal), StringComparison.Ordinal);
            return text[(end + 2)..];
        }
    }
}
