using FastEndpoints;
using MailHub.Mail.Smtp.Server;
using Role = MailHub.Core.Accounts.Roles;

namespace MailHub.Channels.Smtp;

/// <summary>One refusal of the SMTP listener: when, from where, at which stage, what the client was told, and as whom.</summary>
/// <param name="Stage">"connect" (before the greeting), "session" (a hang-up: timeout, too many errors), else the command refused (EHLO, AUTH, MAIL, RCPT, DATA, BDAT ...).</param>
/// <param name="UserName">The AUTH user name the client gave in this session, if any.</param>
/// <param name="Argument">The address of a refused MAIL or RCPT.</param>
internal sealed record SmtpRefusalResponse(
    DateTimeOffset At, string Endpoint, string RemoteAddress, string Stage, int Code, string Reply, string? UserName, string? Argument)
{
    public static SmtpRefusalResponse Of(SmtpRefusal r) =>
        new(r.At, r.EndpointName, r.ClientAddress.ToString(), r.Stage, r.Code, r.Reply, r.UserName, r.Argument);
}

/// <summary>The last refusals of the answering node's listener, newest first.</summary>
/// <param name="Total">How many refusals this node's listener gave since it started (only the last <c>Kept</c> are listed).</param>
/// <param name="Kept">How many the node keeps.</param>
internal sealed record SmtpRefusalPage(string Node, IReadOnlyList<SmtpRefusalResponse> Refusals, long Total, int Kept);

/// <summary>GET /api/channels/smtp/refusals.</summary>
internal sealed class ListSmtpRefusals(SmtpRefusals refusals) : EndpointWithoutRequest<SmtpRefusalPage>
{
    public override void Configure()
    {
        Get("/channels/smtp/refusals");
        Roles(Role.Admin);
        Summary(s =>
        {
            s.Summary = "Why the SMTP listener refused relays: its last 200 refusals, newest first.";
            s.Description = "Every 4xx and 5xx reply of the answering node's listener (a connection from outside the allowed networks or past "
                + "the limits, a failed AUTH, a recipient MailHub does not serve, a message too big, a timeout): time, remote address, "
                + "endpoint, stage, reply code and text, the AUTH user name given and the refused address. Kept in the node's memory, the "
                + "last 200: a restart forgets them, and each node of a cluster answers its own.";
        });
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var (newest, total) = refusals.Read();
        await Send.OkAsync(new SmtpRefusalPage(Environment.MachineName, [.. newest.Select(SmtpRefusalResponse.Of)], total, SmtpRefusals.Capacity),
            cancellationToken);
    }
}
