using System.Collections.Concurrent;
using MailHub.Mail.Smtp.Server;

namespace MailHub.Mail.Tests.SmtpServer.Support;

/// <summary>A message store for tests: keeps committed messages in memory, or fails on request.</summary>
public sealed class InMemoryMessageStore : IMessageStore
{
    private int _nextId;

    public ConcurrentQueue<StoredMessage> Messages { get; } = new();

    public int Aborted => _aborted;

    private int _aborted;

    /// <summary>Make CommitAsync throw, as a database outage would.</summary>
    public bool FailCommit { get; set; }

    /// <summary>Make CommitAsync take this long, ignoring its cancellation token.</summary>
    public TimeSpan CommitDelay { get; set; }

    /// <summary>Only count bytes: for load runs, where keeping 20,000 messages would measure the GC.</summary>
    public bool DiscardContent { get; set; }

    public ValueTask<IMessageWriter> BeginAsync(SmtpTransaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IMessageWriter>(new Writer(this, transaction));

    private sealed class Writer(InMemoryMessageStore store, SmtpTransaction transaction) : IMessageWriter
    {
        private readonly MemoryStream _content = new();
        private long _length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _length += data.Length;
            if (!store.DiscardContent)
            {
                _content.Write(data.Span);
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask<MessageStoreResult> CommitAsync(CancellationToken cancellationToken)
        {
            if (store.CommitDelay > TimeSpan.Zero)
            {
                await Task.Delay(store.CommitDelay, CancellationToken.None);
            }

            if (store.FailCommit)
            {
                throw new IOException("The test store is failing on purpose.");
            }

            var id = "m" + Interlocked.Increment(ref store._nextId);
            store.Messages.Enqueue(new StoredMessage(id, transaction, _content.ToArray(), _length));
            return new MessageStoreResult(id);
        }

        public ValueTask AbortAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref store._aborted);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => _content.DisposeAsync();
    }
}

public sealed record StoredMessage(string Id, SmtpTransaction Transaction, byte[] Content, long Length)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Content);

    /// <summary>The content after the Received header the server prepends.</summary>
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
