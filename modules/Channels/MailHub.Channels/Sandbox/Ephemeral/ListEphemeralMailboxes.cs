using FastEndpoints;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Sandbox.Ephemeral;

/// <summary>GET /api/sandbox/mailboxes.</summary>
internal sealed class ListEphemeralMailboxes(EphemeralMailboxes ephemeral) : EndpointWithoutRequest<IReadOnlyList<EphemeralMailboxItem>>
{
    public override void Configure()
    {
        Get("/sandbox/mailboxes");
        Roles(Role.AllTeams); // the sandbox's readers: admins and supervisors
        Summary(s =>
        {
            s.Summary = "The ephemeral sandbox mailboxes and when each goes.";
            s.Description = "Every mailbox made with POST /api/sandbox/mailboxes that has not expired yet (or not been swept yet), soonest "
                + "first: id, address, name, expiresAt and how many captured messages it has.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync(await ephemeral.ListAsync(cancellationToken), cancellationToken);
}
