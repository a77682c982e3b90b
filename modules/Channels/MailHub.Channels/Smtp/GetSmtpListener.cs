using FastEndpoints;
using MailHub.Channels.Addresses;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Smtp;

/// <summary>GET /api/channels/smtp.</summary>
internal sealed class GetSmtpListener(SmtpListener listener, IOptions<SmtpServerOptions> options, ClaimedAddresses claims)
    : EndpointWithoutRequest<SmtpListenerResponse>
{
    public override void Configure()
    {
        Get("/channels/smtp");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "The SMTP listener: its endpoints, accepted domains and relay accounts from configuration.";
            s.Description = "As the answering node runs it (MailHub:Smtp): each endpoint with its TLS mode, whether AUTH is required and "
                + "where it is bound (null when not listening), the accepted domains, the addresses mailboxes claimed, the user names of "
                + "configured relay accounts (no passwords), the message size and recipient limits.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var server = options.Value;
        var configured = server.Endpoints.Count > 0 ? server.Endpoints : [new SmtpEndpointOptions()];
        var bound = listener.Listeners;
        var endpoints = configured.Select((e, i) => new SmtpEndpointResponse(
            bound[i].Name, e.Address, e.Port, bound[i].Bound?.ToString(), e.TlsMode, e.AuthRequired, e.AllowInsecureAuth, e.RequireAllowedIp,
            [.. e.AllowedNetworks])).ToList();
        var claimed = await claims.ListAsync(cancellationToken);
        await Send.OkAsync(new SmtpListenerResponse(listener.Enabled, server.ServerName, Environment.MachineName, endpoints,
            [.. server.AcceptDomains], [.. claimed.Select(c => new ClaimedAddressResponse(c.Pattern, c.MailboxId))],
            [.. server.RelayAccounts.Where(a => a.UserName.Length > 0).Select(a => a.UserName)], server.MaxMessageSize, server.MaxRecipients),
            cancellationToken);
    }
}
