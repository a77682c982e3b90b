using System.Diagnostics;
using MailHub.Testing;

namespace MailHub.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class MailServers : ICollectionFixture<MailServersFixture>
{
    public const string Name = "mail servers";
}

/// <summary>`mailhub check` and `mailhub fetch` as an admin runs them, against the private Dovecot and Postfix.</summary>
[Collection(MailServers.Name)]
public sealed class MailCommandTests(MailServersFixture servers)
{
    private static async Task<(int ExitCode, string Output)> MailhubAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailhub.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Check_imap_passes_every_step_and_exits_0()
    {
        var (exit, output) = await MailhubAsync("check", "imap", "--host", "127.0.0.1", "--port", servers.ImapsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--security", "ssl", "--user", "alice", "--password", MailServersFixture.Password, "--insecure");

        Assert.True(exit == 0, output);
        Assert.Contains("login", output, StringComparison.Ordinal);
        Assert.Contains("INBOX", output, StringComparison.Ordinal);
        Assert.DoesNotContain(MailServersFixture.Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_with_a_wrong_password_fails_at_login_with_an_actionable_message()
    {
        var (exit, output) = await MailhubAsync("check", "pop3", "--host", "127.0.0.1", "--port", servers.Pop3sPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--security", "ssl", "--user", "alice", "--password", "wrong-password", "--insecure");

        Assert.NotEqual(0, exit);
        Assert.Contains("✘", output, StringComparison.Ordinal);
        Assert.Contains("password", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wrong-password", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_without_insecure_refuses_the_self_signed_certificate_and_says_how_to_proceed()
    {
        var (exit, output) = await MailhubAsync("check", "smtp", "--host", "127.0.0.1", "--port", servers.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--security", "starttls", "--user", "alice", "--password", MailServersFixture.Password);

        Assert.NotEqual(0, exit);
        Assert.Contains("--insecure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_smtp_over_STARTTLS_prints_each_step_and_the_accepted_AUTH()
    {
        var (exit, output) = await MailhubAsync("check", "smtp", "--host", "127.0.0.1", "--port", servers.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--security", "starttls", "--user", "alice", "--password", MailServersFixture.Password, "--insecure");

        Assert.True(exit == 0, output);
        var marks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('✔')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Equal(["resolve", "connect", "tls", "greeting", "login"], marks);
        Assert.Contains("AUTH accepted for alice", output, StringComparison.Ordinal);
        Assert.Contains("OK: all steps passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_imap_writes_every_INBOX_message_as_an_eml_file()
    {
        var messages = Enumerable.Range(1, 3).Select(i =>
            $"From: a@test.local\r\nTo: carol@test.local\r\nSubject: fetch {i}\r\nMessage-ID: <fetch-{i}@test.local>\r\n\r\nbody {i}\r\n").ToList();
        await servers.SeedAsync("carol", messages);
        var folder = Directory.CreateTempSubdirectory("mailhub-fetch-").FullName;
        try
        {
            var (exit, output) = await MailhubAsync("fetch", "imap", "--host", "127.0.0.1", "--port", servers.ImapsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--security", "ssl", "--user", "carol", "--password", MailServersFixture.Password, "--insecure", "--out", folder);

            Assert.True(exit == 0, output);
            var files = Directory.GetFiles(folder, "*.eml");
            Assert.Equal(3, files.Length);
            var subjects = files.Select(f => File.ReadAllText(f)).Select(text => text.Split("\r\n").First(l => l.StartsWith("Subject:", StringComparison.Ordinal))).Order();
            Assert.Equal(["Subject: fetch 1", "Subject: fetch 2", "Subject: fetch 3"], subjects);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
