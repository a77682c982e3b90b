using System.Buffers;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// Finds the end of DATA, fed one buffer at a time, and copies the section for the engine.
/// RFC 5321 §4.1.1.4: only CRLF "." CRLF ends it, the first CRLF ending the last line. A bare LF or
/// bare CR is never a line end (§2.3.8), so "\n.\n", "\r.\r", "\r\n.\n" or "\n.\r\n" stay content
/// and cannot smuggle a second message (SMTP smuggling, CVE-2023-51764/51765/51766). The engine
/// searches for the same exact sequence.
/// RFC 5321 §4.5.2: a line that starts with "." and has more on it loses that first "." (a sender
/// that stuffs sends ".." and the engine takes one away; the engine keeps a single "." followed by
/// other text, so it is dropped here). A line-start "." is held back until the next octet tells
/// which it is; <see cref="Pending"/> counts what is held.
/// </summary>
internal struct TerminatorScanner
{
    private enum State : byte
    {
        LineStart,   // after CRLF, or at the start of DATA (the DATA line's CRLF)
        Body,
        Cr,
        Dot,         // a line-start "." held back
        DotCr,       // a line-start "." and a CR held back
    }

    private State _state;

    /// <summary>Octets read but held back (a line-start "." and a CR after it), not yet in the block.</summary>
    public readonly int Pending => _state switch { State.Dot => 1, State.DotCr => 2, _ => 0 };

    /// <summary>
    /// Copies <paramref name="buffer"/> into <paramref name="block"/> up to and including the terminator
    /// when it ends within the buffer (then true); <paramref name="used"/> counts the octets read.
    /// </summary>
    public bool Copy(ReadOnlySequence<byte> buffer, DataBlock block, out long used)
    {
        used = 0;
        foreach (var memory in buffer)
        {
            var span = memory.Span;
            var run = 0; // start of the octets not yet copied
            var i = 0;
            while (i < span.Length)
            {
                if (_state == State.Body)
                {
                    var cr = span[i..].IndexOf((byte)'\r');
                    if (cr < 0)
                    {
                        break;
                    }

                    i += cr;
                }

                var b = span[i];
                switch (_state)
                {
                    case State.LineStart when b == (byte)'.':
                        block.Append(span[run..i]);
                        run = ++i; // held back
                        _state = State.Dot;
                        continue;
                    case State.Dot when b == (byte)'\r':
                        run = ++i; // held back with the "."
                        _state = State.DotCr;
                        continue;
                    case State.Dot:
                        // ".." keeps both (the engine unstuffs it); "." and other text loses the ".".
                        if (b == (byte)'.')
                        {
                            block.Append("."u8);
                        }

                        _state = State.Body;
                        i++;
                        continue;
                    case State.DotCr when b == (byte)'\n':
                        block.Append(".\r\n"u8);
                        used += i + 1;
                        _state = State.LineStart;
                        return true;
                    case State.DotCr:
                        block.Append("\r"u8); // "." CR and more: the "." goes, the CR is content
                        _state = State.Cr;
                        break;
                }

                _state = b == (byte)'\r' ? State.Cr
                    : b == (byte)'\n' && _state == State.Cr ? State.LineStart
                    : State.Body;
                i++;
            }

            block.Append(span[run..]);
            used += span.Length;
        }

        return false;
    }
}
