namespace MailHub.Mail.Imap;

/// <summary>
/// A message's raw content as it arrives in a FETCH response: read <see cref="Content"/> (forward only) before the
/// handler returns; what is left unread is skipped.
/// </summary>
public sealed class ImapMessageBody
{
    internal ImapMessageBody(uint sequenceNumber, uint? uid, long length, Stream content)
    {
        SequenceNumber = sequenceNumber;
        Uid = uid;
        Length = length;
        Content = content;
    }

    public uint SequenceNumber { get; }

    /// <summary>The UID when the server sent it before the body (servers do when asked for UID first); else null.</summary>
    public uint? Uid { get; }

    public long Length { get; }

    public Stream Content { get; }
}
