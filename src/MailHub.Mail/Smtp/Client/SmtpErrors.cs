using MailHub.Mail.Net;

namespace MailHub.Mail.Smtp.Client;

/// <summary>Turns SMTP replies into classified, actionable errors.</summary>
internal static class SmtpErrors
{
    public static MailProtocolException FromReply(MailEndpoint endpoint, string command, SmtpReply reply)
    {
        var text = reply.ToString();
        var kind = reply.Code switch
        {
            535 or 534 or 530 when command.StartsWith("AUTH", StringComparison.Ordinal) => MailErrorKind.AuthenticationFailed,
            535 or 534 => MailErrorKind.AuthenticationFailed,
            >= 400 and < 500 => MailErrorKind.Temporary,
            550 or 551 or 552 or 553 or 554 or 555 or 541 when command is "MAIL" or "RCPT" or "DATA" or "BDAT" => MailErrorKind.MessageRejected,
            >= 500 and < 600 => MailErrorKind.Permanent,
            _ => MailErrorKind.Protocol,
        };
        var message = kind switch
        {
            MailErrorKind.AuthenticationFailed => MailProviders.AuthenticationFailedMessage(endpoint, text),
            MailErrorKind.Temporary => $"{endpoint.Host} answered {command} with a temporary failure ({text}): try again later.",
            MailErrorKind.MessageRejected => $"{endpoint.Host} refused the message at {command} ({text}).",
            _ => $"{endpoint.Host} answered {command} with {text}.",
        };
        return new MailProtocolException(kind, message, text);
    }
}
