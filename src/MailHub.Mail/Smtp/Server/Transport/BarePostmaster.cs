using SmtpServer.Mail;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// RFC 5321 §4.1.1.3: "RCPT TO:&lt;Postmaster&gt;" without a domain (the local part case-insensitive)
/// must be accepted. The engine's parser wants a domain, so the transport gives it the address with
/// a stand-in domain no client can know (a random name under ".invalid", RFC 6761 §6.4), and the
/// command factory takes it off again: the mailbox filter, the store and the Received header see
/// the bare local part as the client sent it.
/// </summary>
internal static class BarePostmaster
{
    public static readonly string StandInDomain = $"bare-postmaster-{Guid.NewGuid():N}.invalid";

    /// <summary>True for a forward path that is "postmaster" alone, in any case (the text inside the angle brackets).</summary>
    public static bool Is(ReadOnlySpan<char> path) => path.Equals("postmaster", StringComparison.OrdinalIgnoreCase);

    /// <summary>The recipient the client sent: the bare local part when the transport gave the engine a stand-in.</summary>
    public static IMailbox Restore(IMailbox mailbox) =>
        string.Equals(mailbox.Host, StandInDomain, StringComparison.OrdinalIgnoreCase) ? new Mailbox(mailbox.User, "") : mailbox;
}
