namespace MailHub.Channels.Mailboxes;

/// <summary>
/// The body of POST/PUT /api/channels/mailboxes and of the connection test. Everything is optional in the shape;
/// <see cref="MailboxForm"/> says what is missing for the protocol and provider chosen.
/// </summary>
internal sealed record MailboxRequest
{
    /// <summary>What agents see, e.g. "Support".</summary>
    public string? Name { get; init; }

    /// <summary>The mailbox's address (left out for a sandbox mailbox: one is made up in the sandbox domain).</summary>
    public string? Address { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>A preset id from GET /api/channels/providers (qq, exmail, 163, gmail, other ...); other by default.</summary>
    public string? Provider { get; init; }

    public ServerRequest? Inbound { get; init; }

    public ServerRequest? Outbound { get; init; }

    public InitialImportRequest? InitialImport { get; init; }

    public OnServerRequest? OnServer { get; init; }

    public bool? SaveToSent { get; init; }

    public string? SentFolder { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>Further addresses (sales@example.com) or whole domains (example.com) whose mail this mailbox takes.</summary>
    public IReadOnlyList<string>? Claims { get; init; }

    public bool? AllowPlusAddressing { get; init; }

    public bool? SubjectTokens { get; init; }
}

/// <param name="Protocol">imap, pop3, relay or sandbox (inbound only).</param>
/// <param name="Security">ssl, starttls or none.</param>
/// <param name="Auth">password (also an authorization code or app password) or oauth2 (the password is an access token).</param>
internal sealed record ServerRequest(
    string? Protocol,
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? Password,
    string? Auth,
    bool? AcceptInvalidCertificate,
    IReadOnlyList<string>? Folders);

/// <param name="Mode">new (default: only mail that arrives from now on) or recent (the last Days days).</param>
internal sealed record InitialImportRequest(string? Mode, int? Days);

/// <param name="Action">leave (default), markRead, move (to Folder) or delete (after AfterDays days).</param>
internal sealed record OnServerRequest(string? Action, string? Folder, int? AfterDays);
