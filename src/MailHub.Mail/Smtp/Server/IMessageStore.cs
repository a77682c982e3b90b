namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// Where accepted messages go. The server streams each message into a writer as it arrives and
/// replies 250 only after <see cref="IMessageWriter.CommitAsync"/> has returned, so a message the
/// client believes delivered is stored.
/// </summary>
public interface IMessageStore
{
    /// <summary>Called at DATA (before 354) or at the first BDAT. A throw refuses the message with 451 4.3.0,
    /// or with the reply of an <see cref="SmtpResponseException"/>.</summary>
    ValueTask<IMessageWriter> BeginAsync(SmtpTransaction transaction, CancellationToken cancellationToken);
}

/// <summary>Receives one message: the Received header the server adds, then the content with dot-stuffing undone.</summary>
public interface IMessageWriter : IAsyncDisposable
{
    /// <summary>
    /// The next piece of the message. The memory belongs to the server and is reused once the
    /// returned task completes: copy what you keep.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes the message durable and returns its id, which the server puts in its 250 reply.
    /// A throw, or taking longer than <see cref="SmtpServerOptions.StoreTimeout"/>, gives 451 4.3.0.</summary>
    ValueTask<MessageStoreResult> CommitAsync(CancellationToken cancellationToken);

    /// <summary>Drops the message: too big, the client left, RSET during BDAT, or a failed commit.</summary>
    ValueTask AbortAsync(CancellationToken cancellationToken);
}

/// <summary>What the store says about a committed message.</summary>
public sealed record MessageStoreResult(string StoredId);
