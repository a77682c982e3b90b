using MailHub.Mail.Smtp.Server;

namespace MailHub.Channels.Smtp;

/// <summary>
/// The SMTP listener as this node runs it: whether it is on, its endpoints, the domains and addresses it accepts mail for,
/// the relay accounts of the configuration (names only) and its limits.
/// </summary>
/// <param name="Node">The node that answered (its machine name): each node has its own listener and its own refusals.</param>
/// <param name="AcceptDomains">MailHub:Smtp:AcceptDomains: mail to any address of these is accepted.</param>
/// <param name="ClaimedAddresses">Addresses and domains claimed by mailboxes (or through configuration), also accepted.</param>
/// <param name="ConfiguredRelayAccounts">User names of MailHub:Smtp:RelayAccounts, changed in configuration, not through the API.</param>
internal sealed record SmtpListenerResponse(
    bool Enabled,
    string ServerName,
    string Node,
    IReadOnlyList<SmtpEndpointResponse> Endpoints,
    IReadOnlyList<string> AcceptDomains,
    IReadOnlyList<ClaimedAddressResponse> ClaimedAddresses,
    IReadOnlyList<string> ConfiguredRelayAccounts,
    long MaxMessageSize,
    int MaxRecipients);

/// <summary>One listening endpoint as configured, and where it is bound.</summary>
/// <param name="ListeningOn">The address and port it is bound to ("127.0.0.1:2525"); null when it is not listening.</param>
/// <param name="AuthRequired">MAIL is refused (530 5.7.0) until the client authenticated.</param>
/// <param name="AllowInsecureAuth">AUTH is taken without TLS (otherwise 538 5.7.11).</param>
/// <param name="AllowedNetworks">When RequireAllowedIp: the only networks that may connect (others get 554 5.7.1).</param>
internal sealed record SmtpEndpointResponse(
    string Name,
    string Address,
    int Port,
    string? ListeningOn,
    SmtpTlsMode TlsMode,
    bool AuthRequired,
    bool AllowInsecureAuth,
    bool RequireAllowedIp,
    IReadOnlyList<string> AllowedNetworks);

/// <summary>An address ("sales@example.com") or a domain ("example.com") the listener accepts, and the mailbox that claimed it.</summary>
internal sealed record ClaimedAddressResponse(string Pattern, Guid? MailboxId);
