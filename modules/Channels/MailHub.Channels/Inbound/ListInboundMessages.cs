using FastEndpoints;
using MailHub.Channels.Listing;

namespace MailHub.Channels.Inbound;

/// <summary>GET /api/inbound/messages.</summary>
internal sealed class ListInboundMessages(InboundMessages messages) : Endpoint<MessageListRequest, InboundPage>
{
    public override void Configure()
    {
        Get("/inbound/messages");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Summary(s =>
        {
            s.Summary = "Messages the SMTP listener and the mailbox syncs received, newest first.";
            s.Description = "A page at a time: pass the answer's next back as cursor for the following page (null on the last). "
                + "to, from and subject match anywhere, case-insensitively; total counts every match. 400 for a limit out of range "
                + "or a cursor this API did not give out.";
        });
    }

    public override async Task HandleAsync(MessageListRequest request, CancellationToken cancellationToken)
    {
        InboundCursor.TryParse(request.Cursor, out var after); // checked by the validator
        var page = await messages.ListAsync(new InboundQuery(request.To, request.From, request.Subject, request.Q, request.Since, request.Mailbox,
            request.Limit ?? MessageListRequest.DefaultLimit, after), cancellationToken);
        await Send.OkAsync(page, cancellationToken);
    }
}
