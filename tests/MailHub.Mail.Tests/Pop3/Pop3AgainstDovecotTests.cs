using System.Text;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailHub.Mail.Tests.Net;

namespace MailHub.Mail.Tests.Pop3;

[Collection(MailServersCollection.Name)]
public sealed class Pop3AgainstDovecotTests(MailServersFixture servers)
{
    [Fact]
    public async Task Over_STARTTLS_messages_arrive_unstuffed_and_a_deletion_is_committed_by_QUIT()
    {
        const string user = "carol";
        var body = "From: a@example.com\r\nSubject: dots\r\n\r\nline one\r\n.starts with a dot\r\n..two dots\r\nend\r\n";
        await servers.SeedAsync(user, [body, "Subject: second\r\n\r\nsecond\r\n"]);

        using (var client = await Pop3Session.OpenAsync(servers.Pop3StartTls, user, MailServersFixture.Password, oauth2: false))
        {
            Assert.True(client.IsSecure);
            Assert.Equal(2, client.Count);
            Assert.Equal(2, (await client.GetMessageUidsAsync()).Distinct().Count());
            var texts = new List<string>();
            for (var i = 0; i < client.Count; i++)
            {
                using var copy = new MemoryStream();
                await using (var content = await client.GetStreamAsync(i))
                    await content.CopyToAsync(copy);
                texts.Add(Encoding.UTF8.GetString(copy.ToArray()));
            }
            Assert.Contains(body, texts);
            await using (var headers = await client.GetStreamAsync(texts.IndexOf(body), headersOnly: true))
                Assert.DoesNotContain("end", await new StreamReader(headers).ReadToEndAsync(), StringComparison.Ordinal);
            await client.DeleteMessageAsync(0);
            await client.DisconnectAsync(true);
        }

        using var again = await Pop3Session.OpenAsync(servers.Pop3s, user, MailServersFixture.Password, oauth2: false);
        Assert.Equal(1, again.Count);
        await again.DisconnectQuietlyAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_failure()
    {
        var e = await Assert.ThrowsAsync<MailProtocolException>(() => Pop3Session.OpenAsync(servers.Pop3s, "alice", "wrong", oauth2: false));
        Assert.Equal(MailErrorKind.AuthenticationFailed, e.Kind);
    }

    [Fact]
    public async Task The_login_never_shows_the_password_in_the_log()
    {
        var log = new List<string>();
        using var client = await Pop3Session.OpenAsync(servers.Pop3s with { ProtocolLog = log.Add }, "alice", MailServersFixture.Password, oauth2: false);
        await client.NoOpAsync();
        await client.DisconnectQuietlyAsync();
        Assert.Contains(log, l => l.StartsWith("C: ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(MailServersFixture.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0" + MailServersFixture.Password)), StringComparison.Ordinal));
    }
}
