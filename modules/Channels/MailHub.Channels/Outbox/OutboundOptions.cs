namespace MailHub.Channels.Outbox;

/// <summary>MailHub:Outbound: how mail leaves (or, with Capture, does not leave) the machine.</summary>
internal sealed class OutboundOptions
{
    public const string Section = "MailHub:Outbound";

    /// <summary>Nothing leaves the machine: every outbound message is captured in the sandbox (on in Development and Testing).</summary>
    public bool Capture { get; set; }

    /// <summary>The SMTP server for mailboxes without one of their own.</summary>
    public RelaySettings? DefaultRelay { get; set; }

    /// <summary>
    /// Batches running at once on this node (each one SMTP session). Bulk mail (campaigns) never takes the last one, so an
    /// agent's reply always finds a worker.
    /// </summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// SMTP sessions this node keeps open at once to one mailbox's server (providers limit concurrent connections); bulk
    /// mail uses all but one of them, so an agent's reply does not wait for a campaign's batch.
    /// </summary>
    public int SessionsPerMailbox { get; set; } = 3;

    /// <summary>Messages of one mailbox a worker claims at once and sends over one session.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Each server answer is committed on its own before the next message goes (see OutboxWorker). True: that commit waits
    /// for the WAL flush, as every commit does. False: it does not (synchronous_commit off for it): a node killed at any
    /// point still sends no message twice beyond the one in flight, since PostgreSQL already has the answer; only a crash
    /// of PostgreSQL (or its machine) within the WAL writer's delay (200 ms) could forget answers, whose messages would then
    /// go again (never be lost: their rows are still queued).
    /// </summary>
    public bool FlushEachAnswer { get; set; } = true;

    /// <summary>A batch takes no new message after this long: the rows left stay queued for the next batch.</summary>
    public TimeSpan BatchTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry after a temporary failure; each next one waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many attempts a temporary failure becomes final.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How often an idle worker looks for due mail enqueued on another node.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>An SMTP relay: security is ssl, starttls or none.</summary>
internal sealed class RelaySettings
{
    /// <summary>What the admin's console calls this relay, e.g. "Aliyun DirectMail"; the host when unset.</summary>
    public string? DisplayName { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool AcceptInvalidCertificate { get; set; }
}
