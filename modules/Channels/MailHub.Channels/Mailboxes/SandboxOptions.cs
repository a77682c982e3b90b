namespace MailHub.Channels.Mailboxes;

/// <summary>MailHub:Sandbox: where sandbox mailboxes get their addresses, and how the wait endpoint waits.</summary>
internal sealed class SandboxOptions
{
    public const string Section = "MailHub:Sandbox";

    /// <summary>The domain of sandbox addresses (<c>&lt;slug&gt;@sandbox.mailhub.test</c>).</summary>
    public string Domain { get; set; } = "sandbox.mailhub.test";

    /// <summary>
    /// How often a waiting <c>/api/sandbox/messages/wait</c> looks again with no capture signalled: captures on any node
    /// wake it at once, this only bounds how late it is if a signal was lost.
    /// </summary>
    public TimeSpan WaitRecheck { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// At most how old a node's copy of the failure-injection rules (Sandbox/Chaos) is when a stage uses it: the node that took the
    /// PUT reads them at once, the others on the live fan-out's signal, and this bounds it when a signal was lost.
    /// </summary>
    public TimeSpan ChaosRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often one node deletes captured mail past the retention limits (PUT /api/sandbox/retention).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>MailHub's address as webhook receivers reach it (https://mailhub.example.com): makes a payload's raw link absolute; else it is the API path.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How often the webhook worker looks for due deliveries when nothing woke it.</summary>
    public TimeSpan WebhookPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first retry of a failed webhook delivery; each next one waits twice as long, up to <see cref="WebhookMaxRetryDelay"/>.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan WebhookMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts of one delivery before it is given up (failed).</summary>
    public int WebhookMaxAttempts { get; set; } = 8;

    /// <summary>Failed attempts in a row after which a webhook is disabled, with the last failure as its reason.</summary>
    public int WebhookDisableAfter { get; set; } = 20;

    /// <summary>How long a receiver has to answer one POST.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often each node looks for due "accept, then bounce" reports (channels.sandbox_bounces) when nothing woke it: a report
    /// scheduled on this node wakes it at its time; this bounds how late a report of a node that stopped is delivered by another.
    /// </summary>
    public TimeSpan BouncePoll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the sandbox's POP3 server listens on this node, "address:port" (Sandbox/Pop3): "127.0.0.1:1110" when not set, port 0
    /// for any free port (the bound one is logged), empty or "off" for none. Each node of one machine needs its own port, or 0.
    /// </summary>
    public string? Pop3 { get; set; }
}
