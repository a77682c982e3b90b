using MailHub.Mail.Smtp.Server.Transport;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The engine's commands, with the server's name as the first line of the EHLO reply (RFC 5321
/// §4.1.1.1) instead of the engine's banter, and ENHANCEDSTATUSCODES (RFC 2034 §2) among the
/// extensions: every reply carries one (the transport's <c>EngineReply</c> adds them to the engine's).
/// A RCPT the transport gave a stand-in domain for the bare "postmaster" gets its bare local part back
/// (<see cref="BarePostmaster"/>).
/// </summary>
internal sealed class MailHubCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new EhloReply(domainOrAddress);

    public override SmtpCommand CreateRcpt(IMailbox address) => base.CreateRcpt(BarePostmaster.Restore(address));

    private sealed class EhloReply(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => context.ServerOptions.ServerName;

        protected override IEnumerable<string> GetExtensions(ISessionContext context) => 
            base.GetExtensions(context).Append("ENHANCEDSTATUSCODES").Append("CHUNKING"); // RFC 3030: BDAT is the transport's
    }
}
