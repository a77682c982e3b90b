using MailHub.Testing;

namespace MailHub.EndToEnd;

/// <summary>
/// The real host on a fresh database with its SMTP listener on a free loopback port (plain SMTP, as a
/// relay or a QA tool connects). Tests reach it only as QA does: HTTP and SMTP.
/// </summary>
public sealed class EndToEndHost : MailHubFactory
{
    public EndToEndHost() => ListenForSmtp("e2e");
}
