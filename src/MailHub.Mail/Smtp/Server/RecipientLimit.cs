using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// Puts <see cref="SmtpServerOptions.MaxRecipients"/> in front of the host's mailbox filter: the
/// recipient past it gets 452 4.5.3 (RFC 5321 §4.5.3.1.8, §4.5.3.1.10), the client sends the rest later.
/// </summary>
internal sealed class RecipientLimit(IMailboxFilter inner, int maxRecipients) : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        SessionFacts.Of(context).Recipients = 0; // MAIL starts a new transaction
        return inner.CanAcceptFromAsync(context, from, size, cancellationToken);
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var facts = SessionFacts.Of(context);
        if (facts.Recipients >= maxRecipients)
        {
            throw SmtpReplies.Refuse(452, "4.5.3", "Too many recipients");
        }

        var accepted = await inner.CanDeliverToAsync(context, to, from, cancellationToken);
        if (accepted)
        {
            facts.Recipients++;
        }

        return accepted;
    }
}
