namespace MailHub.Mail.Smtp.Server.Protocol;

/// <summary>Where a session stands. Transitions are listed in <see cref="SmtpStateTable"/>.</summary>
internal enum SmtpState
{
    /// <summary>Greeting sent (or TLS just started): EHLO/HELO expected.</summary>
    Greeted,

    /// <summary>EHLO/HELO done, no mail transaction.</summary>
    Ready,

    /// <summary>MAIL accepted, no recipient yet.</summary>
    MailGiven,

    /// <summary>At least one RCPT accepted: DATA or BDAT may follow.</summary>
    RcptGiven,

    /// <summary>BDAT chunks received, BDAT ... LAST not yet (RFC 3030 §2).</summary>
    Chunking,
}
