namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The default policy: accepts recipients in <see cref="SmtpServerOptions.AcceptDomains"/> (and the
/// bare "postmaster", RFC 5321 §4.5.1), refuses everything else with 550 5.7.1, authenticated or not.
/// </summary>
public sealed class AcceptDomainsRecipientPolicy(IEnumerable<string> acceptDomains) : IRecipientPolicy
{
    private readonly HashSet<string> _domains = new(
        acceptDomains.Select(d => d.Trim().TrimEnd('.')),
        StringComparer.OrdinalIgnoreCase);

    public ValueTask<RecipientDecision> CanAcceptAsync(ISmtpSessionContext session, SmtpAddress recipient, CancellationToken cancellationToken)
    {
        var accept = recipient.Domain.Length == 0
            ? string.Equals(recipient.LocalPart, "postmaster", StringComparison.OrdinalIgnoreCase)
            : _domains.Contains(recipient.Domain.TrimEnd('.'));
        return ValueTask.FromResult(accept ? RecipientDecision.Accept : RecipientDecision.RelayDenied);
    }
}
