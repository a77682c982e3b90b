using System.Buffers;
using System.Buffers.Text;
using System.Text;
using MailHub.Mail.Smtp.Server.Protocol;

namespace MailHub.Mail.Smtp.Server.Session;

// DATA (RFC 5321 §4.1.1.4) and BDAT (RFC 3030): the message streams into the store as it arrives.
internal sealed partial class SmtpSession
{
    private const int DataOutputSize = 64 * 1024;

    private long _chunkedSize;

    private async ValueTask DataAsync(ReadOnlyMemory<byte> arguments)
    {
        if (arguments.Length > 0)
        {
            Fail(501, "5.5.4", "Syntax: DATA");
            return;
        }

        if (await BeginMessageAsync() is { } refusal)
        {
            Reply(refusal.Code, refusal.Enhanced, refusal.Text);
            return;
        }

        // RFC 2034 §4: enhanced codes go with 2xx, 4xx and 5xx replies only.
        Reply(354, "", "End data with <CR><LF>.<CR><LF>");
        await FinishMessageAsync(await ReceiveDataAsync());
    }

    /// <summary>
    /// Reads up to the terminator, undoing dot-stuffing, and passes the content on in pieces of up to 64 KB.
    /// Past the size limit or a store failure it keeps reading to the terminator, so the next command
    /// is read where the client expects (RFC 1870 §6.3 "552 ... after the data").
    /// </summary>
    private async ValueTask<MessageOutcome> ReceiveDataAsync()
    {
        var unstuffer = new DotUnstuffer(Options.MaxTextLineLength);
        var output = ArrayPool<byte>.Shared.Rent(DataOutputSize);
        var pending = 0;
        long size = 0;
        var outcome = MessageOutcome.Complete;
        try
        {
            while (true)
            {
                var result = await ReadAsync();
                var buffer = result.Buffer;
                long consumed = 0;
                var end = false;
                foreach (var segment in buffer)
                {
                    var offset = 0;
                    while (offset < segment.Length && !end)
                    {
                        if (output.Length - pending - 1 <= 0)
                        {
                            outcome = await DeliverAsync(output, pending, outcome);
                            pending = 0;
                        }

                        var piece = Math.Min(segment.Length - offset, output.Length - pending - 1);
                        end = unstuffer.Process(segment.Span.Slice(offset, piece), output.AsSpan(pending), out var used, out var written);
                        offset += used;
                        pending += written;
                        size += written;
                        if (size > Options.MaxMessageSize && outcome == MessageOutcome.Complete)
                        {
                            outcome = MessageOutcome.TooBig;
                        }

                        if (outcome != MessageOutcome.Complete)
                        {
                            pending = 0; // draining: nothing more goes to the store
                        }
                    }

                    consumed += offset;
                    if (end)
                    {
                        break;
                    }
                }

                if (end)
                {
                    _reader.AdvanceTo(buffer.GetPosition(consumed));
                    outcome = await DeliverAsync(output, pending, outcome);
                    if (outcome == MessageOutcome.Complete && unstuffer.LineTooLong)
                    {
                        outcome = MessageOutcome.LineTooLong;
                    }

                    return outcome;
                }

                _reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    throw new EndOfStreamException("The client closed the connection during DATA.");
                }

                if (pending >= output.Length / 2)
                {
                    outcome = await DeliverAsync(output, pending, outcome);
                    pending = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private async ValueTask<MessageOutcome> DeliverAsync(byte[] output, int count, MessageOutcome outcome)
    {
        if (count == 0 || outcome != MessageOutcome.Complete)
        {
            return outcome;
        }

        try
        {
            await WriteToStoreAsync(output.AsMemory(0, count));
            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            return MessageOutcome.StoreFailed;
        }
    }

    // RFC 3030 §2: BDAT <size> [LAST]; exactly <size> octets follow, taken as they are (no dot-stuffing).
    private async ValueTask BdatAsync(ReadOnlyMemory<byte> arguments)
    {
        if (!TryParseBdat(arguments.Span, out var size, out var last))
        {
            // The chunk's length is unknown, so its bytes will be read as commands and fail in turn.
            Fail(501, "5.5.4", "Syntax: BDAT size [LAST]");
            return;
        }

        if (_message is null)
        {
            if (await BeginMessageAsync() is { } refusal)
            {
                await ReadChunkAsync(size, target: null);
                Reply(refusal.Code, refusal.Enhanced, refusal.Text);
                return;
            }

            _chunkedSize = 0;
            _state = SmtpState.Chunking;
        }

        _chunkedSize += size;
        var tooBig = _chunkedSize > Options.MaxMessageSize;
        var stored = await ReadChunkAsync(size, tooBig ? null : _message);
        if (tooBig || !stored)
        {
            // RFC 3030 §2: after a failed chunk the client sends no more BDAT for this message.
            await FinishMessageAsync(tooBig ? MessageOutcome.TooBig : MessageOutcome.StoreFailed);
            return;
        }

        if (last)
        {
            await FinishMessageAsync(MessageOutcome.Complete);
        }
        else
        {
            Reply(250, "2.0.0", $"{size} octets received");
        }
    }

    private static bool TryParseBdat(ReadOnlySpan<byte> arguments, out long size, out bool last)
    {
        last = false;
        var space = arguments.IndexOf((byte)' ');
        var number = space < 0 ? arguments : arguments[..space];
        if (!Utf8Parser.TryParse(number, out size, out var used) || used != number.Length || size < 0)
        {
            return false;
        }

        if (space < 0)
        {
            return true;
        }

        last = Ascii.EqualsIgnoreCase(arguments[(space + 1)..].Trim((byte)' '), "LAST"u8);
        return last;
    }

    /// <summary>Reads exactly <paramref name="size"/> octets into <paramref name="target"/> (or nowhere); false if the store failed.</summary>
    private async ValueTask<bool> ReadChunkAsync(long size, IMessageWriter? target)
    {
        var ok = true;
        var remaining = size;
        while (remaining > 0)
        {
            var result = await ReadAsync();
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            if (target is not null && ok)
            {
                try
                {
                    foreach (var segment in take)
                    {
                        await target.WriteAsync(segment, _stopping);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    ok = false;
                }
            }

            remaining -= take.Length;
            _reader.AdvanceTo(take.End);
            if (remaining > 0 && result.IsCompleted)
            {
                throw new EndOfStreamException("The client closed the connection during BDAT.");
            }
        }

        return ok;
    }
}
