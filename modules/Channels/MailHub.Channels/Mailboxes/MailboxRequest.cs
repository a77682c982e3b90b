namespace MailHub.Channels.Mailboxes;

/// <summary>The body of POST/PUT /api/channels/mailboxes and of the connection test. Everything optional here; <see cref="MailboxForm"/> says what is missing.</summary>
public sealed record MailboxRequest(
    string? Name,
    string? Address,
    string? DisplayName,
    string? Provider,
    ServerRequest? Inbound,
    ServerRequest? Outbound,
    InitialImportRequest? InitialImport,
    OnServerRequest? OnServer,
    bool? SaveToSent,
    string? SentFolder,
    bool? Enabled,
    IReadOnlyList<string>? Claims,
    bool? AllowPlusAddressing,
    bool? SubjectTokens);

/// <param name="Protocol">imap, pop3, relay or sandbox (inbound only).</param>
/// <param name="Security">ssl, starttls or none.</param>
/// <param name="Auth">password (also an authorization code or app password) or oauth2 (the password is an access token).</param>
public sealed record ServerRequest(
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
public sealed record InitialImportRequest(string? Mode, int? Days);

/// <param name="Action">leave (default), markRead, move (to Folder) or delete (after AfterDays days).</param>
public sealed record OnServerRequest(string? Action, string? Folder, int? AfterDays);
