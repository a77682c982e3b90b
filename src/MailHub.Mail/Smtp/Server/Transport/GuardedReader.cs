using System.Buffers;
using System.IO.Pipelines;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// The engine's input, with the bounds the engine lacks. Command lines: a line longer than
/// <see cref="SmtpServerOptions.MaxCommandLineLength"/> (RFC 5321 §4.5.3.1.4; AUTH lines up to
/// 12288, RFC 4954 §4) is answered 500 5.5.6 and skipped; past <see cref="HangUpLength"/> without a
/// CRLF the client is told 500 and the connection is closed; after TLS only EHLO/HELO (or NOOP,
/// RSET, QUIT) is taken until the client greets again (RFC 3207 §4.2). DATA: the section is
/// collected here up to its exact terminator (<see cref="TerminatorScanner"/>), within
/// <see cref="SmtpServerOptions.MaxMessageSize"/> (else 552 5.3.4 and close, RFC 1870 §6.3) and the
/// global <see cref="DataBudget"/> (else 452 4.3.1 and close), and only then handed to the engine.
/// </summary>
internal sealed partial class GuardedReader(BoundedPipe pipe, PipeReader inner) : PipeReader
{
    /// <summary>RFC 4954 §4: an AUTH command or response line may be up to 12288 octets.</summary>
    internal const int MaxAuthLineLength = 12288;

    /// <summary>Past this without a CRLF the client is not speaking SMTP: 500, and the connection is closed.</summary>
    internal const int HangUpLength = 64 * 1024;

    private const string ShuttingDown = "421 4.3.2 Service shutting down, closing connection";

    private static readonly ReadResult Closed = new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);

    private PipeReader _inner = inner;
    private DataBlock? _block;
    private ReadOnlySequence<byte>? _rewritten;
    private bool _closed;

    /// <summary>Set after a TLS handshake: nothing but a greeting counts until the client sends one.</summary>
    public bool GreetingRequired { get; set; }

    private SmtpServerOptions Options => pipe.Options;

    // Not only an alias: a primary constructor parameter is in scope only in the part of a partial
    // class that declares it, and GuardedReader.Chunking.cs needs the pipe too.
    private BoundedPipe Pipe => pipe;

    internal PipeReader Inner => _inner;

    internal void Replace(PipeReader inner) => _inner = inner;

    internal void Close() => _closed = true;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadGuardedAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!_closed)
        {
            // The server stops (RFC 5321 §3.8), or the engine's wait for a command or its session time
            // ran out (RFC 5321 §4.5.3.2): the engine would hang up silently or say "221 Timeout".
            await pipe.HangUpAsync(
                pipe.Stopping.IsCancellationRequested ? ShuttingDown : "421 4.4.2 Timeout, closing connection",
                CancellationToken.None);
            return Closed;
        }
    }

    private async ValueTask<ReadResult> ReadGuardedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_closed)
            {
                return Closed;
            }

            if (pipe.SessionExpired)
            {
                await pipe.HangUpAsync(SessionOver, cancellationToken);
                return Closed;
            }

            if (pipe.Writer.FailedCommands >= Options.MaxBadCommands)
            {
                // As a relay would be told by any MTA that stops listening to a client that keeps failing.
                await pipe.HangUpAsync("421 4.7.0 Too many errors, closing connection", cancellationToken);
                return Closed;
            }

            if (_block is not null)
            {
                return new ReadResult(_block.Sequence, isCanceled: false, isCompleted: false);
            }

            if (_rewritten is { } line)
            {
                return new ReadResult(line, isCanceled: false, isCompleted: false);
            }

            if (pipe.Writer.TakeDataStart())
            {
                if (Interlocked.Exchange(ref _section, null) is { } section)
                {
                    _block = section; // the DATA the transport gave the engine for BDAT ... LAST
                    return new ReadResult(section.Sequence, isCanceled: false, isCompleted: false);
                }

                return await ReadDataAsync(cancellationToken);
            }

            if (_section is not null)
            {
                ReleaseSection(); // the engine refused that DATA: its reply stands
            }

            var result = await _inner.ReadAsync(cancellationToken);
            if (result.IsCanceled)
            {
                _inner.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                continue; // the session's time is up (BoundedPipe)
            }

            if (await AcceptCommandAsync(result, cancellationToken))
            {
                return result;
            }
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        // The engine only awaits ReadAsync; every read goes through the checks there.
        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_closed)
        {
            return;
        }

        if (_block is { } block)
        {
            // The engine takes the DATA section whole, through its terminator; then the budget is free again
            // (once: ReleaseBlock exchanges the block, so a Complete in a teardown cannot free it twice).
            // The engine advances before it writes the store's reply, so a 250 means the budget is back.
            if (block.Sequence.Slice(consumed).IsEmpty)
            {
                ReleaseBlock();
            }

            return;
        }

        if (_rewritten is { } line)
        {
            // A stand-in may hold two lines (AUTH LOGIN's user name and password): the engine reads them one by one.
            var rest = line.Slice(consumed);
            _rewritten = rest.IsEmpty ? null : rest;
            return;
        }

        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        ReleaseBlock();
        _inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        // RFC 5321 §3.8: the engine ends a session without a word when it sees the server stop before its next
        // read (a read already waiting is answered in ReadAsync); the client is still told 421.
        if (!_closed && pipe.Stopping.IsCancellationRequested)
            await pipe.HangUpAsync(ShuttingDown, CancellationToken.None);
        ReleaseBlock();
        await _inner.CompleteAsync(exception);
    }

    private void ReleaseBlock()
    {
        if (Interlocked.Exchange(ref _block, null) is { } block)
        {
            pipe.Budget.Release(block.Length);
        }

        ReleaseSection();
        DropChunks();
    }

    /// <summary>True to hand the buffer to the engine; false when this read was answered and skipped here.</summary>
    private async ValueTask<bool> AcceptCommandAsync(ReadResult result, CancellationToken cancellationToken)
    {
        var reader = new SequenceReader<byte>(result.Buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: true))
        {
            if (result.Buffer.Length > HangUpLength)
            {
                await pipe.HangUpAsync("500 5.5.6 Line too long, closing connection", cancellationToken);
                return false;
            }

            return true; // the engine waits for the rest of the line
        }

        var inAuth = pipe.Writer.LastReplyCode == 334;
        var command = inAuth ? default : CommandLine.Of(line);
        var limit = inAuth || command.Verb == "AUTH"
            ? Math.Max(MaxAuthLineLength, Options.MaxCommandLineLength)
            : Options.MaxCommandLineLength;
        byte[]? rewritten = null;
        var smtpUtf8 = false;
        string? reply;
        if (line.Length + 2 > limit)
        {
            reply = "500 5.5.6 Line too long"; // RFC 5321 §4.5.3.1.10
        }
        else if (inAuth)
        {
            reply = null;
            if (AuthResponse.Check(line) is { } outcome)
            {
                // The engine cannot take "*" or bad base64 (it drops the connection): it gets stand-ins, the client the outcome.
                rewritten = AuthResponse.StandIn(pipe.Writer.AskedForUserName);
                pipe.Writer.EndAuthWith(outcome);
            }
        }
        else if (command.Verb == "BDAT" && Refuse(line, command) is null)
        {
            var parsed = ChunkedMessage.TryParseCommand(line, out var size, out var last);
            _inner.AdvanceTo(reader.Position);
            await ChunkAsync(parsed, size, last, cancellationToken);
            return false;
        }
        else
        {
            reply = Refuse(line, command) ?? Chunking(command) ?? EnvelopeLine.Inspect(line, command, pipe.Writer.SmtpUtf8, out rewritten, out smtpUtf8) ?? Answer(command);
        }

        if (reply is null && rewritten is null)
        {
            if (!inAuth)
            {
                pipe.Writer.Begin(command, smtpUtf8, PathOf(line, command));
            }

            return true;
        }

        // Read the path before the line's memory goes back to the pipe (AdvanceTo): read after, it could be reused already.
        var path = PathOf(line, command);
        _inner.AdvanceTo(reader.Position);
        if (reply is null)
        {
            if (!inAuth)
            {
                pipe.Writer.Begin(command, smtpUtf8, path);
            }

            _rewritten = new ReadOnlySequence<byte>(rewritten!);
            return false;
        }

        await pipe.Writer.ReplyAsync(reply, cancellationToken, inAuth ? "AUTH" : command.Verb.Length > 0 ? command.Verb : "unknown", path);
        return false;
    }

    /// <summary>The path of a MAIL or RCPT line, for a refusal's report; null for any other command.</summary>
    private static string? PathOf(ReadOnlySequence<byte> line, CommandLine command)
    {
        if (!command.HasPathKeyword)
        {
            return null;
        }

        var start = command.Verb == "MAIL" ? "MAIL FROM:".Length : "RCPT TO:".Length;
        var text = System.Text.Encoding.UTF8.GetString(line.Slice(start, Math.Min(line.Length - start, 330)).ToArray());
        var end = text.IndexOf('>', StringComparison.Ordinal);
        return (end >= 0 ? text[..(end + 1)] : text).Trim();
    }

    /// <summary>The transport's own refusals of a command before the engine sees it.</summary>
    private string? Refuse(ReadOnlySequence<byte> line, CommandLine command)
    {
        if (command.Verb == "AUTH" && !pipe.IsSecure && !pipe.Endpoint.AllowInsecureAuth)
        {
            return "538 5.7.11 Encryption required for requested authentication mechanism"; // RFC 4954 §6
        }

        if (GreetingRequired)
        {
            if (command.Verb is "EHLO" or "HELO")
            {
                GreetingRequired = false;
            }
            else if (command.Verb is not ("NOOP" or "RSET" or "QUIT" or "VRFY" or "EXPN" or "HELP"))
            {
                return "503 5.5.1 Send EHLO again after STARTTLS"; // RFC 3207 §4.2
            }
        }

        return command.Verb == "AUTH" ? AuthResponse.CheckInitial(line) : null;
    }

    /// <summary>Commands the engine lacks, answered here (RFC 5321 §4.1.4: at any time, without changing state).</summary>
    private static string? Answer(CommandLine command) => command.Verb switch
    {
        // RFC 5321 §3.5.3: 252 when the server will not verify but will accept the message and attempt delivery.
        "VRFY" => command.HasArguments ? "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery" : "501 5.5.4 Syntax: VRFY address",
        "EXPN" => "502 5.5.1 EXPN not available",
        "HELP" => "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH (RFC 5321)", // RFC 5321 §4.1.1.8
        _ => null,
    };

    private async ValueTask<ReadResult> ReadDataAsync(CancellationToken cancellationToken)
    {
        var block = new DataBlock();
        var scanner = new TerminatorScanner();
        if (!pipe.Budget.TryTake(2))
        {
            await pipe.HangUpAsync(TooBusy, cancellationToken, "DATA");
            return Closed;
        }

        block.Append("\r\n"u8); // see MessageContent: the engine then finds a terminator and unstuffs on the first line too
        long taken = 2; // of the budget: the block and what the scanner holds back

        // A section that will not reach the engine gives its budget back before the client hears
        // why: a client told 452/552/421 may retry at once, and must not find its own refused
        // section still counted against it.
        async ValueTask<ReadResult> AbandonAsync(string reply, CancellationToken token)
        {
            pipe.Budget.Release(taken);
            taken = 0;
            await pipe.HangUpAsync(reply, token, "DATA");
            return Closed;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                if (pipe.SessionExpired)
                {
                    return await AbandonAsync(SessionOver, CancellationToken.None);
                }

                // RFC 5321 §4.5.3.2.5-6: a bounded wait for each piece of data.
                timeout.CancelAfter(Options.CommandTimeout);
                ReadResult result;
                try
                {
                    result = await _inner.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return await AbandonAsync("421 4.4.2 Timeout waiting for data, closing connection", CancellationToken.None);
                }

                // The copy may pass the limits by one read of the connection's pipe before they are checked.
                var buffer = result.Buffer;
                var found = scanner.Copy(buffer, block, out var used);
                _inner.AdvanceTo(found ? buffer.GetPosition(used) : buffer.End);
                var held = block.Length + scanner.Pending;
                if (held - (found ? 5 : 0) > Options.MaxMessageSize)
                {
                    return await AbandonAsync("552 5.3.4 Message size exceeds fixed maximum message size, closing connection", cancellationToken);
                }

                if (!pipe.Budget.TryTake(held - taken))
                {
                    return await AbandonAsync(TooBusy, cancellationToken);
                }

                taken = held;
                if (found)
                {
                    _block = block;
                    taken = 0; // from here the engine's AdvanceTo (or Complete) releases it: nothing is held back at the end
                    return new ReadResult(block.Sequence, isCanceled: false, isCompleted: false);
                }

                if (result.IsCompleted)
                {
                    Close(); // the client left in the middle of DATA
                    return Closed;
                }
            }
        }
        finally
        {
            // A cancelled session, or a client gone mid-DATA: nobody is told, so the order does not matter.
            if (taken > 0)
            {
                pipe.Budget.Release(taken);
            }
        }
    }

    private const string SessionOver = "421 4.4.2 Session time limit reached, closing connection";

    private const string TooBusy = "452 4.3.1 Insufficient system storage, try again later";
}
