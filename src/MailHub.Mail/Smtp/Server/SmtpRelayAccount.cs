namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// A relay account from configuration, checked by the host's authenticator. Meant for QA sandboxes and
/// development; relay accounts made through the API are kept in the database.
/// </summary>
public sealed class SmtpRelayAccount
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";
}
