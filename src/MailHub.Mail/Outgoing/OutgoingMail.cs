using MimeKit;

namespace MailHub.Mail.Outgoing;

/// <summary>
/// The bytes of a message we send. The outbox stores them once and sends them to whatever server the mailbox uses,
/// so they are 7-bit (quoted-printable or base64 bodies, RFC 2047 headers: no 8BITMIME needed, RFC 6152), with CRLF
/// line ends and folded lines (RFC 5322 §2.1.1), and without Bcc (RFC 5322 §3.6.3: the envelope carries it).
/// </summary>
public static class OutgoingMail
{
    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>Prepares <paramref name="message"/> for a 7-bit transport and writes it; write it once and keep the bytes.</summary>
    public static async Task<byte[]> ToBytesAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        NameAttachmentsForOutlook(message);
        message.Prepare(EncodingConstraint.SevenBit);
        using var memory = new MemoryStream();
        await message.WriteToAsync(Format, memory, cancellationToken);
        return memory.ToArray();
    }

    /// <summary>
    /// <see cref="ToBytesAsync"/> without the asynchronous writer: for a message built in memory (no stream to wait for),
    /// as a campaign writes one per recipient; MimeKit's async path costs a state machine per header and part.
    /// </summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        NameAttachmentsForOutlook(message);
        message.Prepare(EncodingConstraint.SevenBit);
        using var memory = new MemoryStream(4096);
        message.WriteTo(Format, memory);
        return memory.ToArray();
    }

    /// <summary>
    /// Everyone the transport must deliver to (RCPT TO): To, Cc and Bcc, each address once, international domains as
    /// A-labels, which any server accepts (RFC 5321 §2.3.5; only the local part needs SMTPUTF8).
    /// </summary>
    public static IReadOnlyList<string> EnvelopeRecipients(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.GetRecipients(onlyUnique: true).Select(m => m.GetAddress(idnEncode: true)).ToList();
    }

    // Outlook does not read RFC 2231 parameters: as Thunderbird does, the Content-Type name is an RFC 2047 encoded word
    // while the Content-Disposition filename stays RFC 2231, which every other client reads.
    private static void NameAttachmentsForOutlook(MimeMessage message)
    {
        foreach (var part in message.BodyParts)
        {
            foreach (var parameter in part.ContentType.Parameters)
            {
                if (parameter.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                    parameter.EncodingMethod = ParameterEncodingMethod.Rfc2047;
            }
        }
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        format.International = false;
        format.HiddenHeaders.Add(HeaderId.Bcc);
        format.HiddenHeaders.Add(HeaderId.ResentBcc);
        return format;
    }
}
