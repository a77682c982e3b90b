using MailHub.Channels.Addresses;
using MailHub.Mail.Smtp.Server;
using Npgsql;

namespace MailHub.Channels.Smtp;

/// <summary>
/// No open relay: a recipient is accepted only when MailHub serves it, through a domain in
/// <c>MailHub:Smtp:AcceptDomains</c> or a claimed address or domain. Anything else is 550 5.7.1,
/// authenticated or not (RFC 5321 §3.6.2: relaying is a choice we do not make).
/// </summary>
internal sealed class ServedRecipientPolicy(IEnumerable<string> acceptDomains, ClaimedAddresses claims) : IRecipientPolicy
{
    private readonly HashSet<string> _domains = new(acceptDomains.Select(d => d.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);

    public async ValueTask<RecipientDecision> CanAcceptAsync(ISmtpSessionContext session, SmtpAddress recipient, CancellationToken cancellationToken)
    {
        if (recipient.Domain.Length == 0)
        {
            // RFC 5321 §4.5.1: the bare "postmaster" must be accepted.
            return string.Equals(recipient.LocalPart, "postmaster", StringComparison.OrdinalIgnoreCase)
                ? RecipientDecision.Accept
                : RecipientDecision.RelayDenied;
        }
        if (_domains.Contains(recipient.Domain.TrimEnd('.')))
            return RecipientDecision.Accept;
        try
        {
            return await claims.FindAsync(recipient.ToString(), cancellationToken) is null
                ? RecipientDecision.RelayDenied
                : RecipientDecision.Accept;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return RecipientDecision.TryLater;
        }
    }
}
