namespace MailHub.Mail.Net;

/// <summary>A classified mail protocol failure with a message a person can act on.</summary>
public sealed class MailProtocolException : Exception
{
    public MailProtocolException()
    {
    }

    public MailProtocolException(string message)
        : base(message)
    {
    }

    public MailProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailProtocolException(MailErrorKind kind, string message, string? serverResponse = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ServerResponse = serverResponse;
    }

    public MailErrorKind Kind { get; } = MailErrorKind.Protocol;

    /// <summary>The server's own words (reply line), when the error came from a reply.</summary>
    public string? ServerResponse { get; }

    /// <summary>Whether trying again later may succeed.</summary>
    public bool IsTransient => Kind is MailErrorKind.Temporary or MailErrorKind.CannotConnect;
}
