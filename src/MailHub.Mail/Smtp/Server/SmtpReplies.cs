using SmtpServer.Protocol;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// Replies with an enhanced status code (RFC 2034, RFC 3463), in the engine's types: the engine
/// writes <c>code text</c>, so the enhanced code leads the text.
/// </summary>
public static class SmtpReplies
{
    public static SmtpResponse Reply(int code, string enhancedCode, string text) =>
        new((SmtpReplyCode)code, $"{enhancedCode} {text}");

    /// <summary>For a mailbox filter or authenticator to choose the reply the client gets.</summary>
    public static SmtpResponseException Refuse(int code, string enhancedCode, string text) =>
        new(Reply(code, enhancedCode, text));

    /// <summary>RFC 5321 §3.6.2 / RFC 3463 X.7.1: not one of our domains, and we do not relay.</summary>
    public static SmtpResponseException RelayDenied() => Refuse(550, "5.7.1", "Relay not permitted");

    /// <summary>RFC 3463 X.3.0: the recipient cannot be checked now (the directory is unreachable).</summary>
    public static SmtpResponseException RecipientTryLater() => Refuse(451, "4.3.0", "Recipient cannot be verified now, try again later");

    /// <summary>451 4.3.0: the client keeps the message and retries (RFC 5321 §4.2.5).</summary>
    public static SmtpResponse NotStored { get; } = Reply(451, "4.3.0", "Message not stored, try again later");

    public static SmtpResponse Queued(string id) => Reply(250, "2.0.0", "OK queued as " + id);
}
