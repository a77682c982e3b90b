namespace MailHub.Mail.Smtp.Server;

/// <summary>Checks AUTH PLAIN / LOGIN credentials (RFC 4954).</summary>
public interface ISmtpAuthenticator
{
    ValueTask<bool> AuthenticateAsync(string userName, string password, ISmtpSessionContext session, CancellationToken cancellationToken);
}
