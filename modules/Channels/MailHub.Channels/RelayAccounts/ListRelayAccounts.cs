using FastEndpoints;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.RelayAccounts;

/// <summary>GET /api/channels/relay-accounts.</summary>
internal sealed class ListRelayAccounts(RelayAccountStore store) : EndpointWithoutRequest<IReadOnlyList<RelayAccount>>
{
    public override void Configure()
    {
        Get("/channels/relay-accounts");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "The relay accounts created through the API.";
            s.Description = "Each with its user name and when it was created; accounts from MailHub:Smtp:RelayAccounts (configuration) are not listed.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await store.ListAsync(cancellationToken), cancellationToken);
}
