namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// Thrown by an extension point (store, policy, authenticator) to choose the reply the client gets,
/// e.g. 452 4.3.1 when the store is full or 554 5.6.0 for content it refuses.
/// </summary>
public sealed class SmtpResponseException : Exception
{
    public SmtpResponseException(int code, string enhancedCode, string text)
        : base($"{code} {enhancedCode} {text}")
    {
        if (code is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "An SMTP failure reply is 4xx or 5xx.");
        }

        Code = code;
        EnhancedCode = enhancedCode;
        Text = text;
    }

    public SmtpResponseException()
        : this(451, "4.3.0", "Local error in processing")
    {
    }

    public SmtpResponseException(string message)
        : this(451, "4.3.0", message)
    {
    }

    public SmtpResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 451;
        EnhancedCode = "4.3.0";
        Text = message;
    }

    public int Code { get; }

    public string EnhancedCode { get; }

    public string Text { get; }
}
