using MailHub.Mail.Net;

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

    /// <summary>
    /// A failure <see cref="MailErrors.Translate"/> phrased, as an attempt's outcome. Only a permanent refusal (5yz to
    /// MAIL, or a message the server will never take) is final; connection, TLS and credentials can be fixed (by an
    /// admin) in the meantime, so they are retried like a 4xx.
    /// </summary>
    internal static SubmissionException From(Exception translated) => translated switch
    {
        SubmissionException already => already,
        TimeoutException => new(translated.Message, retry: true, 0, "timeout", translated),
        MailProtocolException m => new(m.Message, retry: m.Kind is not (MailErrorKind.MessageRejected or MailErrorKind.Permanent),
            MailErrors.CodeOf(m.ServerResponse), m.ServerResponse ?? (m.InnerException is NotSupportedException ? "not supported" : StatusOf(m.Kind)), m),
        _ => new(translated.Message, retry: true, 0, "failed", translated),
    };

    private static string StatusOf(MailErrorKind kind) => kind switch
    {
        MailErrorKind.CannotConnect => "connection failed",
        MailErrorKind.TlsFailure => "TLS failed",
        MailErrorKind.Protocol => "protocol error",
        MailErrorKind.Temporary => "connection lost",
        _ => kind.ToString(),
    };
}
