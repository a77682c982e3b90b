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
            s.Description = "Every mailbox with its settings and status (connecting, syncing, idle, error with statusMessage, disabled) "
                + "and its health (IDLE or polling, backlog, mail of the last 24 hours, the send/receive check); "
                + "secrets are never included, only whether one is stored (hasPassword).";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var mailboxes = await store.ListAsync(cancellationToken);
        var health = await store.HealthAsync(null, cancellationToken);
        await Send.OkAsync([.. mailboxes.Select(m => MailboxResponse.Of(m, health.GetValueOrDefault(m.Id, MailboxHealth.None)))], cancellationToken);
    }
}
