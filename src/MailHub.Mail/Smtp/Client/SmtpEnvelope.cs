namespace MailHub.Mail.Smtp.Client;

/// <summary>The SMTP envelope: the reverse path (bounce address, may be empty) and the recipients.</summary>
public sealed record SmtpEnvelope(string From, IReadOnlyList<string> Recipients);

/// <summary>What the client must know about the message it streams.</summary>
public sealed record SmtpMessageOptions
{
    /// <summary>The message has 8-bit content (8bit Content-Transfer-Encoding): needs 8BITMIME.</summary>
    public bool Has8BitContent { get; init; }

    /// <summary>Headers or addresses are UTF-8 (RFC 6532): needs SMTPUTF8. Non-ASCII envelope addresses set it anyway.</summary>
    public bool NeedsSmtpUtf8 { get; init; }

    /// <summary>The size in bytes, for SIZE; taken from the stream when it can seek.</summary>
    public long? Size { get; init; }
}

/// <summary>One recipient's fate.</summary>
public sealed record SmtpRecipientResult(string Address, SmtpReply Reply)
{
    public bool Accepted => Reply.IsPositive;
}

/// <summary>The outcome of one message: per-recipient results and the server's final reply (queue id).</summary>
public sealed record SmtpSendResult(IReadOnlyList<SmtpRecipientResult> Recipients, SmtpReply FinalReply)
{
    public IEnumerable<SmtpRecipientResult> Accepted => Recipients.Where(r => r.Accepted);

    public IEnumerable<SmtpRecipientResult> Refused => Recipients.Where(r => !r.Accepted);
}
