using MailHub.Testing;
using MailHub.Mail.Smtp.Server;
using MailHub.Mail.Tests.SmtpServer.Support;

namespace MailHub.Mail.Tests.SmtpServer;

/// <summary>The server driven by real clients: swaks (Debian package swaks) and Python's smtplib.</summary>
public class RealClientTests
{
    [Fact]
    public async Task Swaks_delivers_a_pipelined_message_in_plain_text()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{server.Port}", "--helo", "swaks.test", "--from", "a@example.org", "--to", "b@example.com",
            "--pipeline", "--header", "Subject: from swaks", "--body", "Hello\n.dot line\n");

        Assert.True(exit == 0, output);
        var message = server.SingleMessage();
        Assert.Contains("Subject: from swaks", message.Body, StringComparison.Ordinal);
        Assert.Contains("\r\n.dot line\r\n", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swaks_delivers_over_STARTTLS_with_AUTH_LOGIN()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{server.Port}", "--helo", "swaks.test", "--from", "a@example.org", "--to", "b@example.com",
            "--tls", "--auth", "LOGIN", "--auth-user", "relay", "--auth-password", "s3cret");

        Assert.True(exit == 0, output);
        var message = server.SingleMessage();
        Assert.Equal("relay", message.Transaction.AuthenticatedUser);
        Assert.NotNull(message.Transaction.TlsProtocol);
        Assert.Contains("with ESMTPSA id", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swaks_delivers_over_implicit_TLS_with_AUTH_PLAIN()
    {
        await using var server = await SmtpTestServer.StartAsync((_, e) => e.TlsMode = SmtpTlsMode.Implicit);

        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{server.Port}", "--tls-on-connect", "--from", "a@example.org", "--to", "b@example.com",
            "--auth", "PLAIN", "--auth-user", "relay", "--auth-password", "s3cret");

        Assert.True(exit == 0, output);
        Assert.Single(server.Store.Messages);
    }

    [Fact]
    public async Task Swaks_is_told_relay_not_permitted_for_foreign_domains()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var (exit, output) = await ExternalTool.RunAsync("swaks",
            "--server", $"127.0.0.1:{server.Port}", "--from", "a@example.org", "--to", "victim@elsewhere.test");

        Assert.NotEqual(0, exit);
        Assert.Contains("550 5.7.1 Relay not permitted", output, StringComparison.Ordinal);
        Assert.Empty(server.Store.Messages);
    }

    [Fact]
    public async Task Python_smtplib_sends_over_STARTTLS_with_login_and_SMTPUTF8()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var script = $$"""
            import smtplib, ssl
            from email.message import EmailMessage
            msg = EmailMessage()
            msg["From"] = "josé@example.org"
            msg["To"] = "b@example.com, c@example.com"
            msg["Subject"] = "héllo"
            msg.set_content("Line one\n.Line with a dot\n")
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with smtplib.SMTP("127.0.0.1", {{server.Port}}, local_hostname="python.test") as s:
                s.starttls(context=context)
                s.login("relay", "s3cret")
                refused = s.send_message(msg, mail_options=["SMTPUTF8"])
                assert not refused, refused
                s.noop()
            print("sent")
            """;

        var (exit, output) = await ExternalTool.RunAsync("python3", "-c", script);

        Assert.True(exit == 0, output);
        var message = server.SingleMessage();
        Assert.True(message.Transaction.SmtpUtf8);
        Assert.Equal("josé@example.org", message.Transaction.MailFrom.ToString());
        Assert.Equal(2, message.Transaction.Recipients.Count);
        Assert.Contains("\n.Line with a dot", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_smtplib_sees_the_size_limit_declared_or_not_and_the_refused_recipient()
    {
        await using var server = await SmtpTestServer.StartAsync((o, _) => o.MaxMessageSize = 1000);
        var script = $$"""
            import smtplib
            with smtplib.SMTP("127.0.0.1", {{server.Port}}) as s:
                s.ehlo("python.test")
                assert s.esmtp_features["size"] == "1000", s.esmtp_features
                big = "Subject: big\r\n\r\n" + "x" * 2000
                try:
                    s.sendmail("a@example.org", ["b@example.com"], big)  # declares SIZE=2016
                    raise SystemExit("a message declared too big was accepted")
                except smtplib.SMTPSenderRefused as e:
                    assert e.smtp_code == 552, e
                s.mail("a@example.org")                                  # declares nothing
                s.rcpt("b@example.com")
                code, _ = s.data(big)                                    # 552, and the server hangs up
                assert code == 552, code
            with smtplib.SMTP("127.0.0.1", {{server.Port}}) as s:
                refused = s.sendmail("a@example.org", ["b@example.com", "c@elsewhere.test"], "Subject: ok\r\n\r\nfine\r\n")
                assert refused["c@elsewhere.test"][0] == 550, refused
            print("ok")
            """;

        var (exit, output) = await ExternalTool.RunAsync("python3", "-c", script);

        Assert.True(exit == 0, output);
        Assert.Equal("Subject: ok\r\n\r\nfine\r\n", server.SingleMessage().Body);
    }
}
