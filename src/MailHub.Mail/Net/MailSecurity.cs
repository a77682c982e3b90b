namespace MailHub.Mail.Net;

/// <summary>How the connection is protected.</summary>
public enum MailSecurity
{
    /// <summary>TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465).</summary>
    Ssl,

    /// <summary>Plain connect, then STARTTLS (SMTP, IMAP) or STLS (POP3) before anything secret is sent.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for servers configured that way on a trusted network.</summary>
    None,
}
