namespace MailHub.Channels.Mailboxes;

/// <summary>A mailbox as the API answers it: the request's shape plus id and status, with hasPassword in place of secrets.</summary>
/// <param name="Status">connecting, syncing, idle, error (then StatusMessage says why) or disabled.</param>
/// <param name="Health">How the sync waits, its backlog, the mail of the last 24 hours and the send/receive check.</param>
internal sealed record MailboxResponse(
    Guid Id,
    string Name,
    string Address,
    string? DisplayName,
    string Provider,
    bool Enabled,
    MailboxInboundResponse Inbound,
    MailboxOutboundResponse Outbound,
    InitialImportResponse InitialImport,
    OnServerResponse OnServer,
    bool SaveToSent,
    string? SentFolder,
    IReadOnlyList<string> Claims,
    bool AllowPlusAddressing,
    bool SubjectTokens,
    string Status,
    string? StatusMessage,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    MailboxHealth Health)
{
    public static MailboxResponse Of(Mailbox m, MailboxHealth health)
    {
        var c = m.Config;
        var inbound = new MailboxInboundResponse(c.Protocol, c.Inbound?.Host, c.Inbound?.Port, c.Inbound?.Security, c.Inbound?.Username,
            c.Inbound?.Auth, m.HasInboundSecret, c.Inbound?.AcceptInvalidCertificate ?? false, c.Folders);
        var outbound = c.Outbound is { } o
            ? new MailboxOutboundResponse(o.Host, o.Port, o.Security, o.Username, o.Auth, m.HasOutboundSecret || m.HasInboundSecret,
                o.AcceptInvalidCertificate, DefaultRelay: false)
            : new MailboxOutboundResponse(null, null, null, null, null, HasPassword: false, AcceptInvalidCertificate: false, DefaultRelay: true);
        return new MailboxResponse(m.Id, m.Name, m.Address, m.DisplayName, m.Provider, m.Enabled, inbound, outbound,
            new InitialImportResponse(c.InitialImport, c.InitialImportDays), new OnServerResponse(c.OnServer, c.OnServerFolder, c.DeleteAfterDays),
            c.SaveToSent, c.SentFolder, c.Claims, c.AllowPlusAddressing, c.SubjectTokens,
            m.Status, m.StatusMessage, m.LastSuccessAt, m.VerifiedAt, m.CreatedAt, m.UpdatedAt, health);
    }
}

/// <summary>Where mail comes from; the server fields are null for relay and sandbox mailboxes.</summary>
/// <param name="Protocol">imap, pop3, relay or sandbox.</param>
internal sealed record MailboxInboundResponse(
    string Protocol,
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? Auth,
    bool HasPassword,
    bool AcceptInvalidCertificate,
    IReadOnlyList<string> Folders);

/// <summary>Where replies are sent; all null with DefaultRelay when MailHub:Outbound:DefaultRelay sends for this mailbox.</summary>
internal sealed record MailboxOutboundResponse(
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? Auth,
    bool HasPassword,
    bool AcceptInvalidCertificate,
    bool DefaultRelay);

/// <param name="Mode">new (only mail that arrives from now on) or recent (the last Days days).</param>
internal sealed record InitialImportResponse(string Mode, int Days);

/// <param name="Action">leave, markRead, move (to Folder) or delete (AfterDays days after the sync).</param>
internal sealed record OnServerResponse(string Action, string? Folder, int AfterDays);
