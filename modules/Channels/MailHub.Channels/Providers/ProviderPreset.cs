namespace MailHub.Channels.Providers;

/// <summary>A server of a provider: host, port and how the connection is protected ("ssl", "starttls", "none").</summary>
internal sealed record ServerPreset(string Host, int Port, string Security);

/// <summary>
/// What a company needs to connect a mailbox of one provider: its servers, whether an authorization
/// code (授权码) or app password replaces the login password and where to get it, and its quirks.
/// </summary>
internal sealed record ProviderPreset(
    string Id,
    string Name,
    string NameZh,
    ServerPreset? Imap,
    ServerPreset? Pop3,
    ServerPreset? Smtp,
    IReadOnlyList<ServerPreset> SmtpAlternatives,
    bool AuthorizationCode,
    bool OAuth2,
    string? PasswordHelp,
    string? PasswordHelpZh,
    IReadOnlyList<string> Quirks);
