using FastEndpoints;

namespace MailHub.Channels.Mailboxes;

/// <summary>A saved mailbox named by its id in the route.</summary>
internal sealed record MailboxIdRequest
{
    [RouteParam]
    public Guid Id { get; init; }
}
