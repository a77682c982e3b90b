namespace MailHub.Mail.Smtp.Server;

/// <summary>One listening socket of the SMTP server. Bindable from configuration.</summary>
public sealed class SmtpEndpointOptions
{
    /// <summary>A name for logs and the stored envelope; defaults to "address:port".</summary>
    public string? Name { get; set; }

    /// <summary>An IP address ("127.0.0.1", "::", "0.0.0.0").</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="BoundedSmtpServer.ListeningEndpoints"/>).</summary>
    public int Port { get; set; } = 2525;

    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>MAIL is refused with 530 5.7.0 until the client has authenticated (RFC 4954 §6).</summary>
    public bool AuthRequired { get; set; }

    /// <summary>Allow AUTH over a connection that is not encrypted; otherwise 538 5.7.11 (RFC 4954 §6).</summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>Refuse connections from addresses outside <see cref="AllowedNetworks"/>.</summary>
    public bool RequireAllowedIp { get; set; }

    /// <summary>CIDR networks ("10.0.0.0/8", "::1/128") or single addresses allowed to connect.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>
    /// A QA sandbox endpoint: the sandbox's failure injection (<see cref="ISmtpFaults"/>) may act on every session here, at
    /// every stage. On other endpoints it acts only on RCPT and DATA for sandbox addresses, never on a real mailbox's traffic.
    /// </summary>
    public bool Sandbox { get; set; }

    internal string DisplayName => Name ?? $"{Address}:{Port}";
}
