using FastEndpoints;
using MailHub.Channels.Inbound;
using MailHub.Channels.Listing;

namespace MailHub.Channels.Sandbox;

/// <summary>GET /api/sandbox/messages.</summary>
internal sealed class ListSandboxMessages(SandboxStore store) : Endpoint<MessageListRequest, SandboxPage>
{
    public override void Configure()
    {
        Get("/sandbox/messages");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Summary(s =>
        {
            s.Summary = "Captured outbound messages, newest first.";
            s.Description = "What MailHub would have sent (sandbox mailboxes, or every mailbox with MailHub:Outbound:Capture), a page at a "
                + "time: pass next back as cursor. to, from and subject match anywhere, case-insensitively; q takes Mailpit's search syntax: words (in the sender, recipients "
                + "or subject), from:, to:, subject:, message-id:, tag:, has:attachment, before:, after: (a date or a time), is:read, is:unread, each "
                + "negated with !, values with spaces in double quotes; every term must hold. 400 for a term that cannot be read, a limit out of range "
                + "or a cursor this API did not give out.";
        });
    }

    public override async Task HandleAsync(MessageListRequest request, CancellationToken cancellationToken)
    {
        InboundCursor.TryParse(request.Cursor, out var after); // checked by the validator
        IReadOnlyList<SandboxListItem> items;
        long total;
        string? next;
        try
        {
            (items, total, next) = await store.ListAsync(new SandboxQuery(request.To, request.From, request.Subject, request.Q, request.Since,
                request.Mailbox, request.Limit ?? MessageListRequest.DefaultLimit, after), cancellationToken);
        }
        catch (Search.SandboxSearchException e)
        {
            await Send.ResultAsync(SandboxProblems.BadSearch(e.Message));
            return;
        }
        await Send.OkAsync(new SandboxPage([.. items.Select(SandboxMessageItem.Of)], total, next), cancellationToken);
    }
}
