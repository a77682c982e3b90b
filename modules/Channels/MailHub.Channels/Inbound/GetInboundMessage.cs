using FastEndpoints;
using MailHub.Mail.Mime;
using Microsoft.AspNetCore.Http;

namespace MailHub.Channels.Inbound;

/// <summary>GET /api/inbound/messages/{id}.</summary>
internal sealed class GetInboundMessage(InboundMessages messages) : Endpoint<InboundMessageIdRequest, InboundMessageResponse>
{
    public override void Configure()
    {
        Get("/inbound/messages/{id:guid}");
        Roles(MailHub.Core.Accounts.Roles.AllTeams); // every team's mail: admins and supervisors
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "One received message, parsed, with its SMTP envelope.";
            s.Description = "The message as a person reads it (the `mailhub parse` schema: subject, addresses, text and html bodies, "
                + "attachments), with the envelope the listener saw and whether it was malformed. 404 when no such message was received.";
        });
    }

    public override async Task HandleAsync(InboundMessageIdRequest request, CancellationToken cancellationToken)
    {
        if (await messages.FindAsync(request.Id, cancellationToken) is not { } detail)
        {
            await Send.ResultAsync(InboundProblems.NotFound(request.Id));
            return;
        }

        // The content is spooled to a temporary file and read in place there (MimeKit keeps part contents as offsets into it).
        MessageReading reading;
        var spool = Path.Combine(Path.GetTempPath(), "mailhub-read-" + Guid.NewGuid().ToString("N"));
        await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                         FileOptions.Asynchronous | FileOptions.DeleteOnClose))
        {
            await messages.CopyContentAsync(request.Id, file, cancellationToken);
            file.Position = 0;
            using var mail = await MailReader.LoadAsync(file, cancellationToken: cancellationToken);
            reading = MessageReading.Of(mail);
        }
        await Send.OkAsync(InboundMessageResponse.Of(detail, reading), cancellationToken);
    }
}
