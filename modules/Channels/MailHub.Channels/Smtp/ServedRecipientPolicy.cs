using MailHub.Channels.Addresses;
using MailHub.Mail.Smtp.Server;
using Npgsql;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace MailHub.Channels.Smtp;

/// <summary>
/// No open relay: a recipient is accepted only when MailHub serves it, through a domain in
/// <c>MailHub:Smtp:AcceptDomains</c> or a claimed address or domain. Anything else is 550 5.7.1,
/// authenticated or not (RFC 5321 §3.6.2: relaying is a choice we do not make).
/// </summary>
internal sealed class ServedRecipientPolicy(IEnumerable<string> acceptDomains, ClaimedAddresses claims) : IMailboxFilter
{
    // The transport gives the engine U-label domains as A-labels (RFC 5890): compare like with like.
    private readonly HashSet<string> _domains = new(acceptDomains.Select(d => new System.Globalization.IdnMapping().GetAscii(d.Trim().TrimEnd('.'))), StringComparer.OrdinalIgnoreCase);

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(to.Host))
        {
            // RFC 5321 §4.5.1: the bare "postmaster" must be accepted.
            return string.Equals(to.User, "postmaster", StringComparison.OrdinalIgnoreCase) ? true : throw SmtpReplies.RelayDenied();
        }
        if (_domains.Contains(to.Host.TrimEnd('.')))
            return true;
        bool claimed;
        try
        {
            claimed = await claims.FindAsync(ReceivedEnvelope.AddressOf(to), cancellationToken) is not null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw SmtpReplies.RecipientTryLater();
        }
        return claimed ? true : throw SmtpReplies.RelayDenied();
    }
}
