using FastEndpoints;
using Microsoft.Extensions.Options;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Outbox;

/// <summary>
/// The platform's default sender: the SMTP relay (MailHub:Outbound:DefaultRelay) that sends for mailboxes without their own
/// outgoing server, never its password. Configured false when there is none; Capture true when no mail leaves the machine.
/// </summary>
internal sealed record DefaultRelayResponse(bool Configured, string? DisplayName, string? Host, int? Port, string? Security, string? Username, bool Capture);

/// <summary>GET /api/channels/outbound/default-relay.</summary>
internal sealed class GetDefaultRelay(IOptions<OutboundOptions> outbound) : EndpointWithoutRequest<DefaultRelayResponse>
{
    public override void Configure()
    {
        Get("/channels/outbound/default-relay");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "The platform's default sender.";
            s.Description = "The SMTP relay of MailHub:Outbound:DefaultRelay that sends for mailboxes without an outgoing server of their own: "
                + "its display name, host, port, security and user name (never its password); configured false when none is set. "
                + "capture true means outgoing mail is kept in the sandbox instead (MailHub:Outbound:Capture).";
        });
    }

    public override Task HandleAsync(CancellationToken cancellationToken)
    {
        var options = outbound.Value;
        var relay = options.DefaultRelay is { Host: { Length: > 0 } } r ? r : null;
        return Send.OkAsync(new DefaultRelayResponse(relay is not null, relay?.DisplayName ?? relay?.Host, relay?.Host, relay?.Port, relay?.Security,
            relay?.Username, options.Capture), cancellationToken);
    }
}
