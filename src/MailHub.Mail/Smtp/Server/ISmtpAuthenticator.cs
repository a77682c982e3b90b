namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// Checks AUTH PLAIN / LOGIN credentials (RFC 4954). false gives 535 5.7.8; a thrown
/// <see cref="SmtpResponseException"/> gives its reply (e.g. 454 4.7.0 when the account store is down).
/// </summary>
public interface ISmtpAuthenticator
{
    ValueTask<bool> AuthenticateAsync(string userName, string password, ISmtpSessionContext session, CancellationToken cancellationToken);
}
