namespace MailHub.Mail.Imap;

/// <summary>What to fetch besides the UID.</summary>
[Flags]
public enum ImapFetchItems
{
    None = 0,
    Flags = 1,
    Size = 2,
    InternalDate = 4,
    Envelope = 8,
    Summary = Flags | Size | InternalDate | Envelope,
}

/// <summary>One message's metadata from FETCH.</summary>
public sealed record ImapMessageSummary(uint SequenceNumber, uint Uid)
{
    public IReadOnlyList<string> Flags { get; init; } = [];

    public long? Size { get; init; }

    public DateTimeOffset? InternalDate { get; init; }

    public ImapEnvelope? Envelope { get; init; }

    public bool IsSeen => Flags.Contains(@"\Seen", StringComparer.OrdinalIgnoreCase);
}

/// <summary>The ENVELOPE structure (RFC 9051 §7.5.2). Header texts are as the server sent them (RFC 2047 words undecoded).</summary>
public sealed record ImapEnvelope(
    string? Date,
    string? Subject,
    IReadOnlyList<ImapAddress> From,
    IReadOnlyList<ImapAddress> Sender,
    IReadOnlyList<ImapAddress> ReplyTo,
    IReadOnlyList<ImapAddress> To,
    IReadOnlyList<ImapAddress> Cc,
    IReadOnlyList<ImapAddress> Bcc,
    string? InReplyTo,
    string? MessageId);

/// <summary>An address from an ENVELOPE.</summary>
public sealed record ImapAddress(string? Name, string? Mailbox, string? Host)
{
    public string Address => Host is null ? Mailbox ?? "" : $"{Mailbox}@{Host}";

    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}
