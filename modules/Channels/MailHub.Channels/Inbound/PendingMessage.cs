using MailHub.Mail.Smtp.Server;

namespace MailHub.Channels.Inbound;

/// <summary>
/// A received message waiting in the <see cref="InboundCommitQueue"/>. It owns its content from the
/// moment it is queued (the session may give up and dispose its writer while a batch still streams
/// the spool file), and its <see cref="Outcome"/> is the one place that decides whether the client
/// hears 250 or 451: the batch's <c>TrySetResult</c> or the session's timeout, whichever comes first.
/// </summary>
internal sealed class PendingMessage : IAsyncDisposable
{
    public required Guid Id { get; init; }

    public required ReceivedEnvelope Envelope { get; init; }

    public required byte[] TraceHeader { get; init; }

    public required byte[] Sha256 { get; init; }

    public required long ContentSize { get; init; }

    /// <summary>The content when it was small enough to stay in memory.</summary>
    public byte[]? Content { get; init; }

    /// <summary>The content spooled to a temporary file (deleted on dispose), positioned at 0.</summary>
    public FileStream? Spool { get; init; }

    public required HeaderSummary Summary { get; init; }

    public required byte[] DedupeKey { get; init; }

    public Guid? MailboxId { get; init; }

    public TaskCompletionSource<Guid> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The client stopped waiting (the engine's StoreTimeout or a shutdown): it was or will be told 451.</summary>
    public bool Abandoned => Outcome.Task.IsCanceled;

    public long Size => TraceHeader.Length + ContentSize;

    public async ValueTask DisposeAsync()
    {
        if (Spool is not null)
            await Spool.DisposeAsync();
    }
}
