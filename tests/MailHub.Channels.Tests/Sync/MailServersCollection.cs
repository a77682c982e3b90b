using MailHub.Testing;

namespace MailHub.Channels.Tests.Sync;

/// <summary>The private Dovecot and Postfix standing in for a provider (tests/MailHub.Testing/MailServersFixture.cs).</summary>
[CollectionDefinition(Name)]
public sealed class MailServersCollection : ICollectionFixture<MailServersFixture>
{
    public const string Name = "mail servers";
}
