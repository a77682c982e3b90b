namespace MailHub.Mail.Smtp.Server;

/// <summary>A session ended by an unexpected exception (not a client hang-up or timeout).</summary>
public sealed class SmtpSessionErrorEventArgs(ISmtpSessionContext session, Exception exception) : EventArgs
{
    public ISmtpSessionContext Session { get; } = session;

    public Exception Exception { get; } = exception;
}
