using MailKit.Security;

namespace MailHub.Mail.Net;

/// <summary>Where a mail server is and how to talk to it.</summary>
public sealed record MailEndpoint(string Host, int Port, MailSecurity Security = MailSecurity.Ssl)
{
    /// <summary>Accept a certificate that does not validate (self-hosted servers with their own CA or a self-signed one).</summary>
    public bool AcceptInvalidCertificate { get; init; }

    /// <summary>DNS, TCP connect and the TLS handshake together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server may stay silent while a command is running before a <see cref="TimeoutException"/>.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest line (or single IMAP token) accepted from the server; longer is a protocol error.</summary>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>Receives every protocol line ("C: ..." sent, "S: ..." received) with passwords and tokens redacted.</summary>
    public Action<string>? ProtocolLog { get; init; }

    private readonly MailProvider? provider;

    /// <summary>The provider, for quirks and actionable error messages: guessed from the host name unless set.</summary>
    public MailProvider Provider
    {
        get => provider ?? MailProviders.FromHost(Host);
        init => provider = value;
    }

    /// <summary>The security as MailKit connects with it: TLS from the first byte, STARTTLS required (never opportunistic), or none.</summary>
    public SecureSocketOptions SocketOptions => Security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.SslOnConnect,
    };

    public override string ToString() => $"{Host}:{Port} ({Security})";
}
