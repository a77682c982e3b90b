using FastEndpoints;

namespace MailHub.Channels.Mailboxes;

/// <summary>GET /api/channels/mailboxes.</summary>
internal sealed class ListMailboxes(MailboxStore store) : EndpointWithoutRequest<IReadOnlyList<MailboxResponse>>
{
    public override void Configure()
    {
        Get("/channels/mailboxes");
        Summary(s =>
        {
            s.Summary = "The connected mailboxes with their status.";
            s.Description = "Every mailbox with its settings and status (connecting, syncing, idle, error with statusMessage); "
                + "secrets are never included, only whether one is stored (hasPassword).";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.OkAsync([.. (await store.ListAsync(cancellationToken)).Select(MailboxResponse.Of)], cancellationToken);
}
