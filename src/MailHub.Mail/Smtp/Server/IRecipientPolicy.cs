namespace MailHub.Mail.Smtp.Server;

/// <summary>Decides, at RCPT, whether the server takes mail for a recipient. Keeps the server from being an open relay.</summary>
public interface IRecipientPolicy
{
    ValueTask<RecipientDecision> CanAcceptAsync(ISmtpSessionContext session, SmtpAddress recipient, CancellationToken cancellationToken);
}

/// <summary>The answer to RCPT: accept, or a 4xx/5xx reply.</summary>
public sealed record RecipientDecision(bool Accepted, int Code, string EnhancedCode, string Text)
{
    public static RecipientDecision Accept { get; } = new(true, 250, "2.1.5", "Recipient OK");

    /// <summary>RFC 5321 §3.6.2 / RFC 3463 X.7.1: not one of our domains, and we do not relay.</summary>
    public static RecipientDecision RelayDenied { get; } = new(false, 550, "5.7.1", "Relay not permitted");

    /// <summary>RFC 3463 X.1.1: our domain, but no such mailbox.</summary>
    public static RecipientDecision NoSuchMailbox { get; } = new(false, 550, "5.1.1", "No such mailbox");

    /// <summary>Try again later (RFC 3463 X.2.0 / X.3.0), e.g. the mailbox directory is unreachable.</summary>
    public static RecipientDecision TryLater { get; } = new(false, 451, "4.3.0", "Recipient cannot be verified now, try again later");
}
