using System.Buffers;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// Finds the end of DATA, fed one buffer at a time. RFC 5321 §4.1.1.4: only CRLF "." CRLF ends it,
/// the first CRLF ending the last line. A bare LF or bare CR is never a line end (§2.3.8), so
/// "\n.\n", "\r.\r", "\r\n.\n" or "\n.\r\n" stay content and cannot smuggle a second message
/// (SMTP smuggling, CVE-2023-51764/51765/51766). The engine searches for the same exact sequence.
/// </summary>
internal struct TerminatorScanner
{
    private enum State : byte
    {
        LineStart,   // after CRLF, or at the start of DATA (the DATA line's CRLF)
        Body,
        Cr,
        Dot,
        DotCr,
    }

    private State _state;

    /// <summary>True when the terminator ends within <paramref name="buffer"/>; <paramref name="used"/> counts through its LF (else all).</summary>
    public bool Scan(ReadOnlySequence<byte> buffer, out long used)
    {
        used = 0;
        foreach (var memory in buffer)
        {
            var span = memory.Span;
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

                var b = span[i++];
                if (_state == State.DotCr && b == (byte)'\n')
                {
                    _state = State.LineStart;
                    used += i;
                    return true;
                }

                _state = b == (byte)'\r' ? (_state == State.Dot ? State.DotCr : State.Cr)
                    : b == (byte)'\n' && _state == State.Cr ? State.LineStart
                    : b == (byte)'.' && _state == State.LineStart ? State.Dot
                    : State.Body;
            }

            used += span.Length;
        }

        return false;
    }
}
