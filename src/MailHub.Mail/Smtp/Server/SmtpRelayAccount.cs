namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// A relay account checked by <see cref="RelayAccountsAuthenticator"/>. Meant for QA sandboxes and
/// development; a production host supplies its own <see cref="ISmtpAuthenticator"/>.
/// </summary>
public sealed class SmtpRelayAccount
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";
}
