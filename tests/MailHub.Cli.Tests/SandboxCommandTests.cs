using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailHub.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MailHub.Cli.Tests;

/// <summary>The real host on Kestrel (a free loopback port), so that `mailhub` can reach it as a separate process does.</summary>
public sealed class CliHost : MailHubFactory
{
    public CliHost()
    {
        ListenForSmtp("cli");
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string Url { get; private set; } = "";

    public string Token { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Task.Factory.StartNew(StartServer, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        using var client = await CreateClientAsync();
        Token = client.DefaultRequestHeaders.Authorization!.Parameter!;
    }
}

/// <summary>`mailhub sandbox wait` and `mailhub sandbox chaos` as a QA script runs them: a real process against a real host.</summary>
public sealed class SandboxCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static async Task<(int ExitCode, string Output, string Error)> MailhubAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mailhub.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment.Remove("MAILHUB_URL");
        start.Environment.Remove("MAILHUB_TOKEN");
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private Task<(int ExitCode, string Output, string Error)> MailhubAsync(params string[] args) =>
        MailhubAsync(new Dictionary<string, string?>(), [.. args, "--url", host.Url, "--token", host.Token]);

    [Fact]
    public async Task Chaos_set_add_show_and_clear_change_the_rules_the_api_answers()
    {
        var (exit, output, error) = await MailhubAsync("sandbox", "chaos", "set", "--direction", "inbound", "--stage", "rcpt",
            "--pattern", "*@flaky.example", "--action", "reply", "--code", "451", "--text", "4.7.1 Try later", "--probability", "50");
        Assert.True(exit == 0, error);
        Assert.Contains("\"code\": 451", output, StringComparison.Ordinal);

        // --add keeps the rule in force; the URL and token come from the environment this time.
        (exit, _, error) = await MailhubAsync(new Dictionary<string, string?> { ["MAILHUB_URL"] = host.Url, ["MAILHUB_TOKEN"] = host.Token },
            "sandbox", "chaos", "set", "--add", "--direction", "outbound", "--pattern", "*@bounce.example", "--action", "bounce", "--status", "5.1.1");
        Assert.True(exit == 0, error);
        using var client = await host.CreateClientAsync();
        var rules = (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("rules");
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal(50, rules[0].GetProperty("probability").GetInt32());
        Assert.Equal("*@flaky.example", rules[0].GetProperty("pattern").GetString());
        Assert.Equal("bounce", rules[1].GetProperty("action").GetString());

        (exit, output, _) = await MailhubAsync("sandbox", "chaos", "show");
        Assert.Equal(0, exit);
        Assert.Contains("*@bounce.example", output, StringComparison.Ordinal);

        (exit, _, error) = await MailhubAsync("sandbox", "chaos", "clear");
        Assert.True(exit == 0, error);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/sandbox/chaos")).GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task Chaos_set_with_a_rule_that_cannot_work_exits_1_and_says_which_field()
    {
        var (exit, _, error) = await MailhubAsync("sandbox", "chaos", "set", "--direction", "inbound", "--stage", "rcpt", "--action", "reply");
        Assert.Equal(1, exit);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("code", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_prints_the_captured_message_as_json_and_exits_1_after_the_timeout()
    {
        using var client = await host.CreateClientAsync();
        var created = await client.PostAsJsonAsync("/api/channels/mailboxes", new { name = "Cli Wait", inbound = new { protocol = "sandbox" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mailbox = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var waiting = MailhubAsync("sandbox", "wait", "--to", "cli-customer@example.org", "--subject", "MailHub test message", "--timeout", "30");
        var sent = await client.PostAsJsonAsync($"/api/channels/mailboxes/{mailbox}/test-send", new { to = "cli-customer@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetString();

        var (exit, output, error) = await waiting;
        Assert.True(exit == 0, error);
        var message = JsonDocument.Parse(output).RootElement;
        Assert.Equal(messageId, message.GetProperty("messageId").GetString());
        Assert.StartsWith("MailHub test message", message.GetProperty("subject").GetString(), StringComparison.Ordinal);

        (exit, output, error) = await MailhubAsync("sandbox", "wait", "--to", "nobody-ever@example.org", "--timeout", "1");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("nobody-ever@example.org", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_command_exits_1_and_says_where_a_token_comes_from()
    {
        var (exit, _, error) = await MailhubAsync(new Dictionary<string, string?>(), "sandbox", "chaos", "show", "--url", host.Url);
        Assert.Equal(1, exit);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.Contains("MAILHUB_TOKEN", error, StringComparison.Ordinal);

        (exit, _, _) = await MailhubAsync(new Dictionary<string, string?>(), "sandbox", "wait");
        Assert.Equal(2, exit); // usage: --to is missing
    }
}
