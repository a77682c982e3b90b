namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>
/// Finds the end of DATA and undoes dot-stuffing, fed one piece of input at a time (I/O-free, resumable).
/// <para>
/// RFC 5321 §4.1.1.4: data ends with CRLF "." CRLF, the first CRLF ending the last line of the message.
/// Only that exact sequence ends it: a bare LF or bare CR is never a line end here, so "\n.\n" or
/// "\r.\r" stay message content and cannot smuggle a second message past this server
/// (SMTP smuggling, CVE-2023-51764/51765/51766; RFC 5321 §2.3.8 allows CR and LF only as CRLF).
/// The content is kept as sent rather than refused, so sloppy senders lose no mail.
/// </para>
/// <para>RFC 5321 §4.5.2: a line that starts with "." has that first "." removed.</para>
/// </summary>
internal struct DotUnstuffer(int maxLineLength)
{
    private enum State : byte
    {
        LineStart,
        Dot,        // "." at the start of a line: dropped whatever follows
        DotCr,      // "." CR: the end if LF follows; the CR is held back until then
        Body,
        BodyCr,
    }

    private State _state;
    private long _lineLength;

    /// <summary>A line was longer than the limit given (0 = no limit), counting its CRLF.</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>
    /// Copies the content in <paramref name="input"/> to <paramref name="output"/> (which must hold
    /// <c>input.Length + 1</c> bytes) and returns true when the terminator was found; then
    /// <paramref name="consumed"/> counts input bytes through the terminator's final LF.
    /// </summary>
    public bool Process(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int written)
    {
        var i = 0;
        var o = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.LineStart:
                    _lineLength = 0;
                    if (input[i] == (byte)'.')
                    {
                        _state = State.Dot;
                        _lineLength++;
                        i++;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;

                case State.Dot:
                    if (input[i] == (byte)'\r')
                    {
                        _state = State.DotCr;
                        i++;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;

                case State.DotCr:
                    if (input[i] == (byte)'\n')
                    {
                        _state = State.LineStart;
                        consumed = i + 1;
                        written = o;
                        return true;
                    }

                    // "." CR x: the dot was stuffing, the CR is content; x is looked at as after any CR.
                    output[o++] = (byte)'\r';
                    _lineLength++;
                    _state = State.BodyCr;
                    break;

                case State.Body:
                    var rest = input[i..];
                    var cr = rest.IndexOf((byte)'\r');
                    var take = cr < 0 ? rest.Length : cr + 1;
                    rest[..take].CopyTo(output[o..]);
                    o += take;
                    i += take;
                    CountLine(take);
                    if (cr >= 0)
                    {
                        _state = State.BodyCr;
                    }

                    break;

                case State.BodyCr:
                    if (input[i] == (byte)'\n')
                    {
                        output[o++] = (byte)'\n';
                        i++;
                        CountLine(1);
                        _state = State.LineStart;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;
            }
        }

        consumed = i;
        written = o;
        return false;
    }

    private void CountLine(int bytes)
    {
        _lineLength += bytes;
        if (maxLineLength > 0 && _lineLength > maxLineLength)
        {
            LineTooLong = true;
        }
    }
}
