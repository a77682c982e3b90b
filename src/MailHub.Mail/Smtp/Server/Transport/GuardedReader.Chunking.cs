namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// CHUNKING (RFC 3030) for an engine without it: BDAT chunks are read here, exactly as many octets
/// as announced, within MaxMessageSize and the DATA budget; each but the last is answered 250 here,
/// and on LAST the engine is given DATA (its 354 unseen) and the message as its DATA section.
/// </summary>
internal sealed partial class GuardedReader
{
    private ChunkedMessage? _chunked;
    private DataBlock? _section;

    /// <summary>RFC 3030 §2: while a message is chunked only BDAT, RSET (which drops it), NOOP and QUIT make sense.</summary>
    private string? Chunking(CommandLine command)
    {
        if (_chunked is null || command.Verb is "NOOP" or "QUIT")
        {
            return null;
        }

        if (command.Verb == "RSET")
        {
            DropChunks();
            return null;
        }

        return "503 5.5.1 Bad sequence of commands, send BDAT, or RSET to abandon the message";
    }

    private async ValueTask ChunkAsync(bool parsed, long size, bool last, CancellationToken cancellationToken)
    {
        if (!parsed)
        {
            // The chunk's length is unknown, so its octets will be read as commands and fail in turn.
            await Pipe.Writer.ReplyAsync("501 5.5.4 Syntax: BDAT size [LAST]", cancellationToken, "BDAT");
            return;
        }

        // A refused BDAT's chunk follows it all the same (RFC 3030 §3): it is read past, to stay in step.
        var refusal = _chunked is null && !Pipe.Writer.HasRecipients ? "503 5.5.1 Bad sequence of commands, send MAIL and RCPT first" : null;
        if (refusal is null && _chunked is null)
        {
            if (!Pipe.Budget.TryTake(2))
            {
                await Pipe.HangUpAsync(TooBusy, cancellationToken, "BDAT");
                return;
            }

            _chunked = new ChunkedMessage();
        }

        var tooBig = _chunked is not null && _chunked.Size + size > Options.MaxMessageSize;
        if (!await ReadChunkAsync(size, tooBig ? null : _chunked, cancellationToken))
        {
            return;
        }

        if (refusal is not null || tooBig)
        {
            await Pipe.Writer.ReplyAsync(refusal ?? "552 5.3.4 Message size exceeds fixed maximum message size", cancellationToken, "BDAT");
            if (tooBig)
            {
                // RFC 3030 §2: the message is given up; the engine forgets its transaction too.
                DropChunks();
                GiveEngine("RSET", 250);
            }

            return;
        }

        if (!last)
        {
            await Pipe.Writer.ReplyAsync($"250 2.0.0 {size} octets received", cancellationToken);
            return;
        }

        var message = _chunked!;
        _chunked = null;
        var before = message.Held;
        message.Finish();
        if (!Pipe.Budget.TryTake(message.Held - before))
        {
            Pipe.Budget.Release(before);
            await Pipe.HangUpAsync(TooBusy, cancellationToken, "BDAT");
            return;
        }

        _section = message.Block;
        GiveEngine("DATA", 354);
    }

    /// <summary>Reads the chunk into <paramref name="target"/>, or past it; false when the session is over.</summary>
    private async ValueTask<bool> ReadChunkAsync(long size, ChunkedMessage? target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = size;
        while (remaining > 0)
        {
            if (Pipe.SessionExpired)
            {
                DropChunks();
                await Pipe.HangUpAsync(SessionOver, CancellationToken.None);
                return false;
            }

            // RFC 5321 §4.5.3.2.5-6: a bounded wait for each piece of data.
            timeout.CancelAfter(Options.CommandTimeout);
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await _inner.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                DropChunks();
                await Pipe.HangUpAsync("421 4.4.2 Timeout waiting for data, closing connection", CancellationToken.None, "BDAT");
                return false;
            }

            var take = result.Buffer.Slice(0, Math.Min(remaining, result.Buffer.Length));
            if (target is not null)
            {
                var before = target.Held;
                target.Append(take);
                if (!Pipe.Budget.TryTake(target.Held - before))
                {
                    _inner.AdvanceTo(take.End);
                    Pipe.Budget.Release(before);
                    _chunked = null;
                    await Pipe.HangUpAsync(TooBusy, cancellationToken, "BDAT");
                    return false;
                }
            }

            remaining -= take.Length;
            _inner.AdvanceTo(take.End);
            if (remaining > 0 && result.IsCompleted)
            {
                DropChunks();
                Close(); // the client left in the middle of a chunk
                return false;
            }
        }

        return true;
    }

    /// <summary>A command of the transport's own for the engine, whose reply (if <paramref name="hiddenCode"/>) the client does not see.</summary>
    private void GiveEngine(string verb, int hiddenCode)
    {
        Pipe.Writer.Begin(new CommandLine(verb, HasArguments: false, HasPathKeyword: false));
        Pipe.Writer.Hide(hiddenCode);
        _rewritten = new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(verb + "\r\n"));
    }

    private void DropChunks()
    {
        if (Interlocked.Exchange(ref _chunked, null) is { } message)
        {
            Pipe.Budget.Release(message.Held);
        }
    }

    private void ReleaseSection()
    {
        if (Interlocked.Exchange(ref _section, null) is { } section)
        {
            Pipe.Budget.Release(section.Length);
        }
    }
}
