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

    /// <summary>Domains the host's mailbox filter accepts mail for; anything else is relaying and refused.</summary>
    public IList<string> AcceptDomains { get; } = [];

    /// <summary>Relay accounts from configuration, for the host's authenticator.</summary>
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

    /// <summary>Longest command line including CRLF (RFC 5321 §4.5.3.1.4); a longer one gets 500 5.5.6. Default 512. AUTH lines may use up to 12288 (RFC 4954 §4).</summary>
    public int MaxCommandLineLength { get; set; } = 512;

    /// <summary>Time to wait for a command or a chunk of data (RFC 5321 §4.5.3.2.7 suggests 5 minutes).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest a whole connection may last.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest the TLS handshake may take.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest the message store may take to make a message durable before the client gets 451 4.3.0.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections at once over all endpoints; the next gets 421 4.7.0.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Connections at once from one client address; the next gets 421 4.7.0.</summary>
    public int MaxConnectionsPerIp { get; set; } = 50;

    /// <summary>Failed commands in a row (syntax, order, unknown) before the server hangs up.</summary>
    public int MaxBadCommands { get; set; } = 10;

    /// <summary>
    /// DATA octets all sessions together may hold in memory (the engine keeps each DATA section whole
    /// until it is stored); a DATA that would pass it gets 452 4.3.1 and the client retries later.
    /// 0 (the default) means 1/128 of the memory available to the process, kept between 64 and 256 MB: enough
    /// for thousands of ordinary messages at once, while a burst of 25 MB ones waits its turn instead of
    /// growing the process (an eighth let 50 × 25 MB take the host to 870 MB).
    /// </summary>
    public long MaxInFlightBytes { get; set; }

    internal long EffectiveMaxInFlightBytes =>
        MaxInFlightBytes > 0 ? MaxInFlightBytes : Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 128, 64L << 20, 256L << 20);

    internal IReadOnlyList<SmtpEndpointOptions> EffectiveEndpoints =>
        Endpoints.Count > 0 ? [.. Endpoints] : [new SmtpEndpointOptions()];
}
