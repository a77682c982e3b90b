namespace MailHub.Mail.Smtp.Server;

/// <summary>How an endpoint protects its connections.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain text, STARTTLS offered (RFC 3207). The usual port 25/587 setup.</summary>
    StartTls,

    /// <summary>TLS from the first byte (RFC 8314 "implicit TLS", port 465).</summary>
    Implicit,

    /// <summary>Plain text only, STARTTLS not offered. For loopback tests.</summary>
    None,
}
