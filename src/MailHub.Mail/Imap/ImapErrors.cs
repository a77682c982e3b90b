using MailHub.Mail.Net;

namespace MailHub.Mail.Imap;

/// <summary>Turns NO/BAD/BYE into classified, actionable errors.</summary>
internal static class ImapErrors
{
    public static MailProtocolException FromStatus(MailEndpoint endpoint, string command, ImapResponse response, string? alert = null)
    {
        var text = response.ToString();
        if (alert is not null && !text.Contains(alert, StringComparison.Ordinal))
            text += " — " + alert;
        var code = response.CodeName;
        var kind = code switch
        {
            "AUTHENTICATIONFAILED" or "AUTHORIZATIONFAILED" or "EXPIRED" or "PRIVACYREQUIRED" => MailErrorKind.AuthenticationFailed,
            "UNAVAILABLE" or "INUSE" or "LIMIT" or "OVERQUOTA" or "SERVERBUG" => MailErrorKind.Temporary,
            "NONEXISTENT" or "TRYCREATE" => MailErrorKind.MailboxNotFound,
            _ when command is "LOGIN" or "AUTHENTICATE" => MailErrorKind.AuthenticationFailed,
            _ when command is "SELECT" or "EXAMINE" && response.Name == "NO" => MailErrorKind.MailboxNotFound,
            _ when command is "APPEND" && response.Name == "NO" => MailErrorKind.MessageRejected,
            _ when response.Name == "BAD" => MailErrorKind.Protocol,
            _ => MailErrorKind.Permanent,
        };
        var message = kind switch
        {
            MailErrorKind.AuthenticationFailed => MailProviders.AuthenticationFailedMessage(endpoint, text),
            MailErrorKind.MailboxNotFound => $"{endpoint.Host} cannot open the folder ({text}): check its name with LIST.",
            MailErrorKind.Temporary => $"{endpoint.Host} is temporarily unable to {command} ({text}): try again later.",
            _ => $"{endpoint.Host} answered {command} with {text}.",
        };
        return new MailProtocolException(kind, message, text);
    }
}
