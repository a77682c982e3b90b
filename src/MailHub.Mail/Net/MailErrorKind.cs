namespace MailHub.Mail.Net;

/// <summary>What went wrong, in terms a person (or a retry policy) can act on.</summary>
public enum MailErrorKind
{
    /// <summary>The host name does not resolve or the port refuses / drops the connection.</summary>
    CannotConnect,

    /// <summary>The TLS handshake failed: untrusted certificate, name mismatch, no common protocol.</summary>
    TlsFailure,

    /// <summary>The server refused the credentials.</summary>
    AuthenticationFailed,

    /// <summary>The folder (mailbox) does not exist or cannot be opened.</summary>
    MailboxNotFound,

    /// <summary>The server refused a message or a recipient.</summary>
    MessageRejected,

    /// <summary>A transient failure (4xx, connection lost, server busy): try again later.</summary>
    Temporary,

    /// <summary>A permanent failure that is none of the above.</summary>
    Permanent,

    /// <summary>The server said something this client does not understand, or broke the protocol.</summary>
    Protocol,
}
