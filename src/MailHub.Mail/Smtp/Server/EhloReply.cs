using SmtpServer;
using SmtpServer.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The engine's commands, with our EHLO reply: the server's name as its first line (RFC 5321
/// §4.1.1.1) and ENHANCEDSTATUSCODES (RFC 2034), which every reply of ours carries.
/// </summary>
internal sealed class MailHubCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new EhloReply(domainOrAddress);

    private sealed class EhloReply(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => context.ServerOptions.ServerName;

        protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
            base.GetExtensions(context).Append("ENHANCEDSTATUSCODES");
    }
}
