using System.Text;
using MailHub.Channels.Providers;

namespace MailHub.Channels.Mailboxes;

/// <summary>A valid request: the settings to store, and the secrets given (null: keep the stored one).</summary>
internal sealed record MailboxDraft(
    string Name, string Address, string? DisplayName, string Provider, bool Enabled, MailboxConfig Config,
    string? InboundPassword, string? OutboundPassword);

/// <summary>
/// Checks a mailbox request and fills what the provider preset knows. Errors are keyed by the JSON
/// path of the field ("inbound.host"), as ProblemDetails validation errors. The shape (lengths, the port's range)
/// is checked before, by <see cref="MailboxRequestValidator"/>.
/// </summary>
internal static class MailboxForm
{
    private static readonly string[] Securities = ["ssl", "starttls", "none"];
    private static readonly string[] ImportModes = ["new", "recent"];
    private static readonly string[] OnServerActions = ["leave", "markRead", "move", "delete"];

    /// <param name="existing">The stored mailbox on an update: secrets not given are kept.</param>
    public static MailboxDraft? Validate(MailboxRequest request, string sandboxDomain, Mailbox? existing, Dictionary<string, string[]> errors)
    {
        void Error(string field, string message) => errors[field] = [message];

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            Error("name", "Give the mailbox a name, e.g. \"Support\".");

        var providerId = string.IsNullOrWhiteSpace(request.Provider) ? ProviderPresets.Other : request.Provider.Trim().ToLowerInvariant();
        var preset = ProviderPresets.Find(providerId);
        if (preset is null && providerId != ProviderPresets.Sandbox)
            Error("provider", $"Unknown provider '{request.Provider}': use one of {string.Join(", ", ProviderPresets.All.Select(p => p.Id))} (GET /api/channels/providers).");

        var protocol = request.Inbound?.Protocol?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(protocol))
        {
            if (providerId == ProviderPresets.Sandbox || (string.IsNullOrWhiteSpace(request.Address) && request.Inbound?.Host is null))
                protocol = InboundProtocols.Sandbox;
            else if (preset?.Imap is not null || request.Inbound?.Host is not null)
                protocol = InboundProtocols.Imap;
            else
                protocol = InboundProtocols.Relay;
        }
        if (!InboundProtocols.All.Contains(protocol))
            Error("inbound.protocol", "inbound.protocol is imap, pop3, relay (mail forwarded into MailHub's SMTP listener) or sandbox (QA).");
        var sandbox = protocol == InboundProtocols.Sandbox;
        if (sandbox)
            providerId = ProviderPresets.Sandbox;

        var address = request.Address?.Trim();
        if (string.IsNullOrEmpty(address) && sandbox)
            address = $"{Slug(name ?? "sandbox")}@{sandboxDomain}";
        if (string.IsNullOrEmpty(address))
            Error("address", "Give the mailbox's e-mail address, e.g. kefu@example.cn.");
        else if (!LooksLikeAddress(address))
            Error("address", $"'{address}' is not an e-mail address: write it as name@domain.");

        ServerSettings? inbound = null;
        var inboundPassword = request.Inbound?.Password;
        var folders = (request.Inbound?.Folders ?? []).Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
            folders.Add("INBOX");
        if (InboundProtocols.Pulls(protocol))
        {
            var serverPreset = protocol == InboundProtocols.Imap ? preset?.Imap : preset?.Pop3;
            inbound = Server("inbound", protocol, request.Inbound, serverPreset, address, errors);
            if (string.IsNullOrEmpty(inboundPassword) && existing?.HasInboundSecret != true)
                Error("inbound.password", preset?.AuthorizationCode == true
                    ? $"Give the authorization code. {preset.PasswordHelp}"
                    : "Give the password of the mailbox (or an OAuth2 access token with auth \"oauth2\").");
            if (protocol == InboundProtocols.Pop3 && folders is not ["INBOX"])
                Error("inbound.folders", "POP3 reaches only the inbox: leave folders out, or use IMAP to sync other folders.");
        }

        ServerSettings? outbound = null;
        var outboundPassword = request.Outbound?.Password;
        var wantsOutbound = request.Outbound is { Host: not null } || (request.Outbound is null && InboundProtocols.Pulls(protocol) && preset?.Smtp is not null)
            || (request.Outbound is not null && preset?.Smtp is not null);
        if (wantsOutbound && !sandbox)
        {
            outbound = Server("outbound", "smtp", request.Outbound, preset?.Smtp, address, errors, inbound?.Username);
            // The same account usually sends and receives: its password serves both unless another is given.
            if (string.IsNullOrEmpty(outboundPassword) && existing?.HasOutboundSecret != true)
                outboundPassword = inboundPassword;
            // No password at all is an SMTP server that takes mail without AUTH (an internal relay).
        }

        var importMode = request.InitialImport?.Mode ?? "new";
        var importDays = request.InitialImport?.Days ?? (importMode == "recent" ? 7 : 0);
        if (!ImportModes.Contains(importMode))
            Error("initialImport.mode", "initialImport.mode is new (only mail that arrives from now on) or recent (the last N days).");
        else if (importMode == "recent" && importDays is < 1 or > 365)
            Error("initialImport.days", "initialImport.days is between 1 and 365.");

        var action = request.OnServer?.Action ?? "leave";
        var afterDays = request.OnServer?.AfterDays ?? 0;
        var moveTo = request.OnServer?.Folder?.Trim();
        if (!OnServerActions.Contains(action))
            Error("onServer.action", "onServer.action is leave, markRead, move or delete.");
        else if (action == "move" && string.IsNullOrEmpty(moveTo))
            Error("onServer.folder", "Name the folder to move synced mail to, e.g. \"Archive\".");
        else if (action == "delete" && afterDays is < 1 or > 3650)
            Error("onServer.afterDays", "onServer.afterDays is between 1 and 3650: mail is deleted on the server that many days after it was synced.");
        else if (action is "markRead" or "move" && protocol == InboundProtocols.Pop3)
            Error("onServer.action", "POP3 has no read flags or folders: use leave or delete.");

        var claims = new List<string>();
        foreach (var claim in request.Claims ?? [])
        {
            var c = claim.Trim().TrimEnd('.').ToLowerInvariant();
            if (c.Length == 0 || c.Contains(' ', StringComparison.Ordinal) || c.StartsWith('@') || c.EndsWith('@'))
                Error("claims", $"'{claim}' is neither an address (sales@example.com) nor a domain (example.com).");
            else
                claims.Add(c);
        }

        if (errors.Count > 0)
            return null;

        var config = new MailboxConfig(protocol, inbound, folders, outbound, importMode, importDays, action, moveTo, afterDays,
            request.SaveToSent ?? false, string.IsNullOrWhiteSpace(request.SentFolder) ? null : request.SentFolder.Trim(),
            claims, request.AllowPlusAddressing ?? true, request.SubjectTokens ?? true);
        return new MailboxDraft(name!, address!.ToLowerInvariant(), string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim(),
            providerId, request.Enabled ?? true, config, NullIfEmpty(inboundPassword), NullIfEmpty(outboundPassword));
    }

    private static ServerSettings? Server(string field, string protocol, ServerRequest? request, ServerPreset? preset, string? address,
        Dictionary<string, string[]> errors, string? fallbackUser = null)
    {
        var before = errors.Count;
        var host = string.IsNullOrWhiteSpace(request?.Host) ? preset?.Host : request.Host.Trim();
        var security = (request?.Security ?? (request?.Host is null || request.Port is null ? preset?.Security : null) ?? "ssl").Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(host))
            errors[$"{field}.host"] = [$"Give the {protocol.ToUpperInvariant()} server's host name, or choose a provider that knows it."];
        if (!Securities.Contains(security))
            errors[$"{field}.security"] = [$"{field}.security is ssl (implicit TLS), starttls or none."];
        var port = request?.Port ?? (preset is not null && preset.Security == security ? preset.Port : ProviderPresets.DefaultPort(protocol, security));
        var auth = (request?.Auth ?? "password").Trim().ToLowerInvariant();
        if (auth is not ("password" or "oauth2"))
            errors[$"{field}.auth"] = [$"{field}.auth is password (also an authorization code) or oauth2 (an access token)."];
        if (errors.Count > before)
            return null;
        var user = string.IsNullOrWhiteSpace(request?.Username) ? fallbackUser ?? address ?? "" : request.Username.Trim();
        return new ServerSettings(host!, port, security, user, request?.AcceptInvalidCertificate ?? false, auth);
    }

    private static bool LooksLikeAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Any(char.IsWhiteSpace) && address.IndexOf('@', StringComparison.Ordinal) == at
            && !address.Contains('<', StringComparison.Ordinal) && address[(at + 1)..].Contains('.', StringComparison.Ordinal);
    }

    /// <summary>"QA Team 1" → "qa-team-1"; names without Latin letters or digits get a short random local part.</summary>
    internal static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length > 0 ? text[..Math.Min(text.Length, 40)] : "mailbox-" + Guid.NewGuid().ToString("N")[..8];
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
