namespace MailHub.Channels.Smtp;

/// <summary>
/// MailHub's own settings for the SMTP listener, read from the same section as the engine's
/// <see cref="MailHub.Mail.Smtp.Server.SmtpServerOptions"/> (<c>MailHub:Smtp</c>).
/// </summary>
internal sealed class SmtpListenerOptions
{
    public const string Section = "MailHub:Smtp";

    /// <summary>false keeps the listener off (the API still serves what was received).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A PFX file with the TLS certificate and its key; when empty a self-signed one is made once and kept.</summary>
    public string? CertificateFile { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Where the generated self-signed certificate is kept.</summary>
    public string CertificatePath { get; set; } = Path.Combine(".mailhub", "smtp-cert.pfx");

    /// <summary>Where messages larger than <see cref="InMemoryLimit"/> are spooled while they are committed; empty for the temp folder.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Messages up to this size are copied for the commit; larger ones are spooled to a file, so that the SMTP engine's copy is the only one in memory.</summary>
    public int InMemoryLimit { get; set; } = 256 * 1024;

    /// <summary>Most messages one group commit stores in one transaction.</summary>
    public int MaxBatchMessages { get; set; } = 256;

    /// <summary>Most bytes of content one group commit carries.</summary>
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Transactions committing at once; while one waits for its flush the next batch fills.</summary>
    public int CommitWorkers { get; set; } = 3;

    /// <summary>
    /// Longest one batch may take before it is given up. Longer than the server's StoreTimeout on
    /// purpose: a batch that still commits after its clients heard 451 marks their rows for the retry.
    /// </summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a retry of a message committed after its client was told 451 is recognised.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the claimed-address list is trusted before it is read again.</summary>
    public TimeSpan ClaimCacheDuration { get; set; } = TimeSpan.FromSeconds(15);
}
