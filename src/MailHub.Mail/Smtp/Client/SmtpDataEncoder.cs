namespace MailHub.Mail.Smtp.Client;

/// <summary>
/// Streams message bytes into SMTP transfer form: bare LF becomes CRLF, and for DATA a dot at the start of a line
/// is doubled (RFC 5321 §4.5.2). Keeps its state across chunks so it never needs the whole message.
/// </summary>
internal sealed class SmtpDataEncoder(bool dotStuff)
{
    private bool atLineStart = true;
    private bool afterCr;

    public bool EndsWithNewLine => atLineStart;

    /// <summary>Encodes <paramref name="input"/> into <paramref name="output"/> (at least 2 × input + 1 long); returns the bytes written.</summary>
    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var o = 0;
        foreach (var b in input)
        {
            if (b == (byte)'\n' && !afterCr)
                output[o++] = (byte)'\r';
            else if (b == (byte)'.' && atLineStart && dotStuff)
                output[o++] = (byte)'.';
            output[o++] = b;
            afterCr = b == (byte)'\r';
            atLineStart = b == (byte)'\n';
        }
        return o;
    }
}
