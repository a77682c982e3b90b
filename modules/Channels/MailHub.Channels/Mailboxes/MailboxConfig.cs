using MailHub.Mail.Net;

namespace MailHub.Channels.Mailboxes;

/// <summary>How mail comes in: pulled from a server, relayed into the listener, or the QA sandbox.</summary>
internal static class InboundProtocols
{
    public const string Imap = "imap";
    public const string Pop3 = "pop3";
    public const string Relay = "relay";
    public const string Sandbox = "sandbox";

    public static readonly string[] All = [Imap, Pop3, Relay, Sandbox];

    public static bool Pulls(string protocol) => protocol is Imap or Pop3;
}

/// <summary>One server of a mailbox, without its secret. Auth is "password" or "oauth2".</summary>
internal sealed record ServerSettings(string Host, int Port, string Security, string Username, bool AcceptInvalidCertificate, string Auth = "password")
{
    public MailEndpoint ToEndpoint(TimeSpan? commandTimeout = null) => new(Host, Port, Security switch
    {
        "starttls" => MailSecurity.StartTls,
        "none" => MailSecurity.None,
        _ => MailSecurity.Ssl,
    })
    {
        AcceptInvalidCertificate = AcceptInvalidCertificate,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        CommandTimeout = commandTimeout ?? TimeSpan.FromMinutes(2),
    };
}

/// <summary>
/// Everything about a mailbox but its secrets, stored as jsonb. InitialImport is "new" (only mail
/// that arrives from now on) or "recent" (the last InitialImportDays days); OnServer is "leave",
/// "markRead", "move" (to OnServerFolder) or "delete" (after DeleteAfterDays).
/// </summary>
internal sealed record MailboxConfig(
    string Protocol,
    ServerSettings? Inbound,
    IReadOnlyList<string> Folders,
    ServerSettings? Outbound,
    string InitialImport,
    int InitialImportDays,
    string OnServer,
    string? OnServerFolder,
    int DeleteAfterDays,
    bool SaveToSent,
    string? SentFolder,
    IReadOnlyList<string> Claims,
    bool AllowPlusAddressing,
    bool SubjectTokens);

/// <summary>A stored mailbox as the API and the workers see it (secrets only as "is there one").</summary>
internal sealed record Mailbox(
    Guid Id,
    string Name,
    string Address,
    string? DisplayName,
    string Provider,
    bool Enabled,
    MailboxConfig Config,
    bool HasInboundSecret,
    bool HasOutboundSecret,
    string Status,
    string? StatusMessage,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsSandbox => Config.Protocol == InboundProtocols.Sandbox;

    /// <summary>
    /// Where "only mail that arrives from now on" starts: when the mailbox was created, or re-enabled after being
    /// disabled. Changing its password or server is not a new start. A folder's first sync imports mail whose
    /// INTERNALDATE (POP3: arrival, see MailboxSync) is at or after it, however late the first connection succeeds.
    /// </summary>
    public DateTimeOffset ImportFrom { get; init; }
}

/// <summary>The decrypted secrets of a mailbox, for the workers only.</summary>
internal sealed record MailboxSecrets(string? Inbound, string? Outbound);

/// <summary>What the status of a mailbox says.</summary>
internal static class MailboxStatuses
{
    public const string Connecting = "connecting";
    public const string Syncing = "syncing";
    public const string Idle = "idle";
    public const string Error = "error";
    public const string Disabled = "disabled";
}
