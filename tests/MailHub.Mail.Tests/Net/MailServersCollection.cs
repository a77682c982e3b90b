global using MailHub.Testing;

namespace MailHub.Mail.Tests.Net;

/// <summary>The private Dovecot and Postfix (tests/MailHub.Testing/MailServersFixture.cs), started once for the client tests.</summary>
[CollectionDefinition(Name)]
public sealed class MailServersCollection : ICollectionFixture<MailServersFixture>
{
    public const string Name = "mail servers";
}
