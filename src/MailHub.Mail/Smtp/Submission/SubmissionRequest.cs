namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// One message to hand to a submission server: the envelope, and the message exactly as stored (it goes out
/// as it is, Message-ID and all, so every retry sends the same bytes).
/// </summary>
public sealed record SubmissionRequest(string MailFrom, IReadOnlyList<string> Recipients, ReadOnlyMemory<byte> Content)
{
    /// <summary>ENVID (RFC 3461 §4.4) where the server offers DSN, so a later report can be matched to this message.</summary>
    public string? EnvelopeId { get; init; }
}

/// <summary>Who logs in: a password, or with <see cref="OAuth2"/> an access token (SASL XOAUTH2).</summary>
public sealed record SubmissionCredentials(string User, string Secret, bool OAuth2 = false);

/// <summary>What the server said to one recipient: its RCPT reply, or for an accepted one the reply to the message data.</summary>
public sealed record RecipientReply(string Address, int Code, string Text)
{
    public bool Accepted => Code is >= 200 and < 300;

    public bool IsTransient => Code is >= 400 and < 500;
}
