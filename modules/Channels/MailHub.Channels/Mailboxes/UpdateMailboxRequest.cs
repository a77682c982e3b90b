using FastEndpoints;

namespace MailHub.Channels.Mailboxes;

/// <summary>PUT /api/channels/mailboxes/{id}: the mailbox's id and its new settings (passwords left out are kept).</summary>
internal sealed record UpdateMailboxRequest : MailboxRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>A saved mailbox named by its id in the route.</summary>
internal sealed record MailboxIdRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}
