using System.Security.Cryptography.X509Certificates;

namespace MailHub.Mail.Smtp.Server;

/// <summary>Settings of the embedded SMTP server, bindable from the configuration section <see cref="SectionName"/>.</summary>
public sealed class SmtpServerOptions
{
    public const string SectionName = "MailHub:Smtp";

    /// <summary>The name the server gives in its greeting, EHLO reply and Received headers.</summary>
    public string ServerName { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Listening sockets. When empty, one endpoint on 127.0.0.1:2525 with STARTTLS offered.</summary>
    public IList<SmtpEndpointOptions> Endpoints { get; } = [];

    /// <summary>Domains the default <see cref="AcceptDomainsRecipientPolicy"/> accepts mail for; anything else is relaying and refused.</summary>
    public IList<string> AcceptDomains { get; } = [];

    /// <summary>Accounts for the default <see cref="RelayAccountsAuthenticator"/>, used when the host supplies no authenticator.</summary>
    public IList<SmtpRelayAccount> RelayAccounts { get; } = [];

    /// <summary>The TLS certificate, supplied by the host. Not bindable; set it in code.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Where a generated self-signed certificate is kept (PFX) so that it survives a restart.
    /// Used only when <see cref="Certificate"/> is null; when this is null too, the certificate lives in memory only.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>Largest message in octets, advertised with SIZE and enforced while reading (RFC 1870). Default 35 MiB.</summary>
    public long MaxMessageSize { get; set; } = 35L * 1024 * 1024;

    /// <summary>Recipients per message; the next one gets 452 4.5.3 (RFC 5321 §4.5.3.1.8). Default 100.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>Longest command line including CRLF (RFC 5321 §4.5.3.1.4). Default 512. AUTH lines may use up to 12288 (RFC 4954 §4).</summary>
    public int MaxCommandLineLength { get; set; } = 512;

    /// <summary>
    /// Longest text line in message content including CRLF; 0 (the default) means no limit.
    /// RFC 5321 §4.5.3.1.6 sets 1000 for senders but §4.5.3.1 asks receivers to impose no limits
    /// "to the maximum extent possible"; many real senders exceed it (one-line HTML), and the
    /// server never buffers a line, so it accepts long lines unless told otherwise.
    /// When set, a longer line makes the message fail with 500 5.5.6.
    /// </summary>
    public int MaxTextLineLength { get; set; }

    /// <summary>Time to wait for a command or a chunk of data (RFC 5321 §4.5.3.2.7 suggests 5 minutes).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest a whole connection may last.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest the TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest <see cref="IMessageWriter.CommitAsync"/> may take before the client gets 451 4.3.0.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections at once over all endpoints; the next gets 421 4.7.0.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Connections at once from one client address; the next gets 421 4.7.0.</summary>
    public int MaxConnectionsPerIp { get; set; } = 50;

    /// <summary>Failed commands (syntax, order, unknown, bad AUTH) before the server says 421 4.7.0 and hangs up.</summary>
    public int MaxBadCommands { get; set; } = 10;

    /// <summary>Look up the client's host name for the Received header. Off by default: it costs a DNS query per connection.</summary>
    public bool ReverseDnsLookup { get; set; }

    internal IReadOnlyList<SmtpEndpointOptions> EffectiveEndpoints =>
        Endpoints.Count > 0 ? [.. Endpoints] : [new SmtpEndpointOptions()];
}
