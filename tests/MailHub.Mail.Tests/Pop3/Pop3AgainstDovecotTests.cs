using System.Text;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Pop3;

[Collection(MailServersCollection.Name)]
public sealed class Pop3AgainstDovecotTests(MailServersFixture servers)
{
    [Fact]
    public async Task Messages_are_listed_retrieved_unstuffed_and_deleted()
    {
        const string user = "carol";
        var body = "From: a@example.com\r\nSubject: dots\r\n\r\nline one\r\n.starts with a dot\r\n..two dots\r\nend\r\n";
        await servers.SeedAsync(user, [body, "Subject: second\r\n\r\nsecond\r\n"]);

        await using (var client = await Pop3Client.ConnectAsync(servers.Pop3StartTls))
        {
            Assert.True(client.IsSecure);
            await client.LoginAsync(user, MailServersFixture.Password);
            var (count, size) = await client.StatAsync();
            Assert.Equal(2, count);
            var list = await client.ListAsync();
            Assert.Equal(size, list.Sum(m => m.Size));
            var uidl = await client.UidlAsync();
            Assert.Equal(2, uidl.Values.Distinct().Count());

            using var first = new MemoryStream();
            await client.RetrieveAsync(1, first);
            var second = new MemoryStream();
            await client.RetrieveAsync(2, second);
            var texts = new[] { Encoding.UTF8.GetString(first.ToArray()), Encoding.UTF8.GetString(second.ToArray()) };
            Assert.Contains(body, texts);

            using var top = new MemoryStream();
            await client.TopAsync(1, 0, top);
            Assert.DoesNotContain("end", Encoding.UTF8.GetString(top.ToArray()), StringComparison.Ordinal);

            await client.DeleteAsync(1);
            await client.QuitAsync();
        }

        await using var again = await Pop3Client.ConnectAsync(servers.Pop3s);
        await again.LoginAsync(user, MailServersFixture.Password);
        Assert.Equal(1, (await again.StatAsync()).Count);
        await again.QuitAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure()
    {
        await using var client = await Pop3Client.ConnectAsync(servers.Pop3s);
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => client.LoginAsync("alice", "wrong"));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
    }

    [Fact]
    public async Task AUTH_PLAIN_logs_in_without_showing_the_password()
    {
        var log = new List<string>();
        await using var client = await Pop3Client.ConnectAsync(servers.Pop3s with { ProtocolLog = log.Add });
        Assert.Contains("PLAIN", client.SaslMechanisms);
        await client.AuthenticatePlainAsync("alice", MailServersFixture.Password);
        await client.NoopAsync();
        await client.QuitAsync();
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal));
    }
}
