using SmtpServer;
using SmtpServer.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The engine's commands, with the server's name as the first line of the EHLO reply (RFC 5321
/// §4.1.1.1) instead of the engine's banter. ENHANCEDSTATUSCODES (RFC 2034) is not offered: the
/// engine's own replies carry none, only ours (transport, store, mailbox filter) do.
/// </summary>
internal sealed class MailHubCommandFactory : SmtpCommandFactory
{
    public override SmtpCommand CreateEhlo(string domainOrAddress) => new EhloReply(domainOrAddress);

    private sealed class EhloReply(string domainOrAddress) : EhloCommand(domainOrAddress)
    {
        protected override string GetGreeting(ISessionContext context) => context.ServerOptions.ServerName;
    }
}
