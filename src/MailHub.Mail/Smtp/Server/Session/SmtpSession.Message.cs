using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

// The message in the store: begin (with the Received header), commit with a time limit, or abort.
internal sealed partial class SmtpSession
{
    private IMessageWriter? _message;

    private enum MessageOutcome
    {
        Complete,
        TooBig,
        LineTooLong,
        StoreFailed,
    }

    /// <summary>Opens the store for the current envelope and writes the Received header, or returns the reply that refuses it.</summary>
    private async ValueTask<(int Code, string Enhanced, string Text)?> BeginMessageAsync()
    {
        var transaction = NewTransaction();
        try
        {
            _message = await _runtime.Store.BeginAsync(transaction, _stopping);
            var header = ReceivedHeader.Build(transaction, Options.ServerName, _clientHostName, _esmtp);
            await _message.WriteAsync(header, _stopping);
            return null;
        }
        catch (SmtpResponseException e)
        {
            await AbandonMessageAsync();
            return (e.Code, e.EnhancedCode, e.Text);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            await AbandonMessageAsync();
            return (451, "4.3.0", "Mail store unavailable, try again later");
        }
    }

    /// <summary>Commits or aborts the message per <paramref name="outcome"/>, replies, and ends the transaction.</summary>
    private async ValueTask FinishMessageAsync(MessageOutcome outcome)
    {
        switch (outcome)
        {
            case MessageOutcome.TooBig:
                await AbandonMessageAsync();
                Reply(552, "5.3.4", "Message size exceeds fixed maximum message size"); // RFC 1870 §6.3, RFC 3463
                return;
            case MessageOutcome.LineTooLong:
                await AbandonMessageAsync();
                Reply(500, "5.5.6", "Line too long"); // RFC 5321 §4.5.3.1.10
                return;
            case MessageOutcome.StoreFailed:
                await AbandonMessageAsync();
                Reply(451, "4.3.0", "Message not stored, try again later");
                return;
        }

        var message = _message!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        timeout.CancelAfter(Options.StoreTimeout);
        try
        {
            var commit = message.CommitAsync(timeout.Token);

            // A store that ignores its token must still not hold the client past StoreTimeout.
            var stored = commit.IsCompletedSuccessfully ? commit.Result : await commit.AsTask().WaitAsync(timeout.Token);
            await message.DisposeAsync();
            _message = null;
            ResetEnvelope();
            Reply(250, "2.0.0", "OK queued as " + stored.StoredId);
        }
        catch (SmtpResponseException e)
        {
            await AbandonMessageAsync();
            Reply(e.Code, e.EnhancedCode, e.Text);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // Never 250 unless the store said so: the client keeps the message and retries (RFC 5321 §4.2.5).
            await AbandonMessageAsync();
            Reply(451, "4.3.0", "Message not stored, try again later");
        }
    }

    private async ValueTask WriteToStoreAsync(ReadOnlyMemory<byte> data)
    {
        await _message!.WriteAsync(data, _stopping);
    }

    /// <summary>Aborts the message in the store, if any, and forgets the envelope.</summary>
    private async ValueTask AbandonMessageAsync()
    {
        var message = _message;
        _message = null;
        ResetEnvelope();
        if (message is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(Options.StoreTimeout);
            await message.AbortAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An abort that fails leaves an uncommitted message, which the store must ignore anyway.
        }
        finally
        {
            try
            {
                await message.DisposeAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // As above.
            }
        }
    }
}
