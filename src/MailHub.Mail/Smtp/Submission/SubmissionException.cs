namespace MailHub.Mail.Smtp.Submission;

/// <summary>
/// An attempt that failed as a whole (connect, TLS, AUTH, MAIL FROM, a size the server cannot take), with a
/// message a person can act on. <see cref="Retry"/> says whether the same attempt later may succeed.
/// </summary>
public sealed class SubmissionException : Exception
{
    public SubmissionException()
    {
    }

    public SubmissionException(string message)
        : base(message)
    {
    }

    public SubmissionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SubmissionException(string message, bool retry, int code, string status, Exception? innerException = null)
        : base(message, innerException)
    {
        Retry = retry;
        Code = code;
        Status = status;
    }

    public bool Retry { get; }

    /// <summary>The server's reply code, 0 when the server said nothing (connection, TLS, timeout).</summary>
    public int Code { get; }

    /// <summary>Short words for the failure: the server's reply ("535 5.7.8 ...") or what broke ("connection failed").</summary>
    public string Status { get; } = "";
}
