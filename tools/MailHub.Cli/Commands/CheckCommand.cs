using System.Diagnostics;
using System.Net;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;
using MailHub.Mail.Smtp.Client;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub check imap|pop3|smtp --host H [--port P] [--security ssl|starttls|none] --user U --password W [--insecure] [--verbose]
/// Runs resolve → connect → TLS → login → open INBOX (SMTP: EHLO capabilities + AUTH) and prints each step.
/// </summary>
internal static class CheckCommand
{
    public const string Usage =
        "usage: mailhub check imap|pop3|smtp --host H [--port P] [--security ssl|starttls|none] --user U " +
        "(--password W | --token OAUTH2) [--insecure] [--verbose]\n  the password may also come from MAILHUB_PASSWORD";

    internal sealed record Options(string Protocol, MailEndpoint Endpoint, string User, string? Password, string? Token, string? Out);

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args, Usage) is not { } options)
            return 2;
        var steps = new StepPrinter();
        try
        {
            if (!await steps.RunAsync("resolve", async () =>
                {
                    IPAddress[] addresses;
                    try
                    {
                        addresses = await Dns.GetHostAddressesAsync(options.Endpoint.Host);
                    }
                    catch (System.Net.Sockets.SocketException e)
                    {
                        throw new MailProtocolException(MailErrorKind.CannotConnect,
                            $"Cannot resolve the host name '{options.Endpoint.Host}' ({e.Message}): check the spelling and the DNS.", null, e);
                    }
                    return $"{options.Endpoint.Host} → {string.Join(", ", addresses.Take(4).Select(a => a.ToString()))}";
                }))
                return 1;
            return options.Protocol switch
            {
                "imap" => await CheckImapAsync(options, steps),
                "pop3" => await CheckPop3Async(options, steps),
                _ => await CheckSmtpAsync(options, steps),
            };
        }
        finally
        {
            Console.WriteLine(steps.Failed ? "FAILED" : "OK: all steps passed");
        }
    }

    private static async Task<int> CheckImapAsync(Options o, StepPrinter steps)
    {
        ImapClient? client = null;
        if (!await steps.ConnectAsync(o.Endpoint, async () => { client = await ImapClient.ConnectAsync(o.Endpoint); return client.IsSecure; },
                () => $"capabilities: {string.Join(' ', client!.Capabilities.Take(12))}"))
            return 1;
        await using (client)
        {
            if (!await steps.RunAsync("login", async () =>
                {
                    if (o.Token is not null)
                        await client!.AuthenticateOAuth2Async(o.User, o.Token);
                    else
                        await client!.LoginAsync(o.User, o.Password!);
                    return $"logged in as {o.User}" + (client.ServerId is { } id && id.TryGetValue("name", out var n) ? $" (server: {n})" : "");
                }))
                return 1;
            if (!await steps.RunAsync("open INBOX", async () =>
                {
                    var inbox = await client!.ExamineAsync("INBOX");
                    return $"{inbox.Exists} messages, UIDVALIDITY {inbox.UidValidity}, UIDNEXT {inbox.UidNext}";
                }))
                return 1;
            await client!.LogoutAsync();
        }
        return 0;
    }

    private static async Task<int> CheckPop3Async(Options o, StepPrinter steps)
    {
        Pop3Client? client = null;
        if (!await steps.ConnectAsync(o.Endpoint, async () => { client = await Pop3Client.ConnectAsync(o.Endpoint); return client.IsSecure; },
                () => $"capabilities: {string.Join(' ', client!.Capabilities)}"))
            return 1;
        await using (client)
        {
            if (!await steps.RunAsync("login", async () =>
                {
                    if (o.Token is not null)
                        await client!.AuthenticateOAuth2Async(o.User, o.Token);
                    else
                        await client!.LoginAsync(o.User, o.Password!);
                    return $"logged in as {o.User}";
                }))
                return 1;
            if (!await steps.RunAsync("open INBOX", async () =>
                {
                    var (count, size) = await client!.StatAsync();
                    return $"{count} messages, {size:N0} bytes";
                }))
                return 1;
            await client!.QuitAsync();
        }
        return 0;
    }

    private static async Task<int> CheckSmtpAsync(Options o, StepPrinter steps)
    {
        SmtpClient? client = null;
        if (!await steps.ConnectAsync(o.Endpoint, async () => { client = await SmtpClient.ConnectAsync(o.Endpoint); return client.IsSecure; },
                () => $"EHLO: {string.Join(' ', client!.Capabilities.Extensions.Select(e => e.Value.Length > 0 ? $"{e.Key}={e.Value.Replace(' ', ',')}" : e.Key))}"))
            return 1;
        await using (client)
        {
            if (!await steps.RunAsync("login", async () =>
                {
                    if (o.Token is not null)
                        await client!.AuthenticateOAuth2Async(o.User, o.Token);
                    else
                        await client!.AuthenticateAsync(o.User, o.Password!);
                    return $"AUTH accepted for {o.User}";
                }))
                return 1;
            await client!.QuitAsync();
        }
        return 0;
    }

    internal static Options? Parse(string[] args, string usage)
    {
        if (args.Length == 0 || args[0] is not ("imap" or "pop3" or "smtp"))
        {
            Console.Error.WriteLine(usage);
            return null;
        }
        var protocol = args[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--insecure" or "--verbose")
                flags.Add(args[i]);
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
                values[args[i]] = args[++i];
            else
            {
                Console.Error.WriteLine($"mailhub: unexpected '{args[i]}'.\n{usage}");
                return null;
            }
        }
        if (!values.TryGetValue("--host", out var host) || !values.TryGetValue("--user", out var user))
        {
            Console.Error.WriteLine(usage);
            return null;
        }
        var security = values.GetValueOrDefault("--security", "ssl").ToLowerInvariant() switch
        {
            "ssl" or "tls" => MailSecurity.Ssl,
            "starttls" => MailSecurity.StartTls,
            "none" => MailSecurity.None,
            var s => (MailSecurity?)null,
        };
        if (security is null)
        {
            Console.Error.WriteLine($"mailhub: --security must be ssl, starttls or none.\n{usage}");
            return null;
        }
        var port = values.TryGetValue("--port", out var p) && int.TryParse(p, out var parsed) ? parsed : DefaultPort(protocol, security.Value);
        var password = values.GetValueOrDefault("--password") ?? Environment.GetEnvironmentVariable("MAILHUB_PASSWORD");
        var token = values.GetValueOrDefault("--token");
        if (password is null && token is null)
        {
            Console.Error.WriteLine($"mailhub: give --password (or MAILHUB_PASSWORD) or --token.\n{usage}");
            return null;
        }
        var endpoint = new MailEndpoint(host, port, security.Value)
        {
            AcceptInvalidCertificate = flags.Contains("--insecure"),
            ProtocolLog = flags.Contains("--verbose") ? line => Console.Error.WriteLine(line) : null,
        };
        return new Options(protocol, endpoint, user, password, token, values.GetValueOrDefault("--out"));
    }

    private static int DefaultPort(string protocol, MailSecurity security) => (protocol, security) switch
    {
        ("imap", MailSecurity.Ssl) => 993,
        ("imap", _) => 143,
        ("pop3", MailSecurity.Ssl) => 995,
        ("pop3", _) => 110,
        (_, MailSecurity.Ssl) => 465,
        (_, MailSecurity.StartTls) => 587,
        _ => 25,
    };

    /// <summary>Prints "✔ step  detail" or "✘ step  actionable error" and remembers failure.</summary>
    private sealed class StepPrinter
    {
        public bool Failed { get; private set; }

        public async Task<bool> RunAsync(string step, Func<Task<string>> action)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var detail = await action();
                Console.WriteLine($"✔ {step,-11} {detail} ({watch.ElapsedMilliseconds} ms)");
                return true;
            }
            catch (Exception e) when (e is MailProtocolException or TimeoutException or System.Net.Sockets.SocketException or IOException)
            {
                Fail(step, e);
                return false;
            }
        }

        /// <summary>Connect, TLS and greeting happen in one call; report them as separate steps.</summary>
        public async Task<bool> ConnectAsync(MailEndpoint endpoint, Func<Task<bool>> connect, Func<string> greeting)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var secure = await connect();
                Console.WriteLine($"✔ {"connect",-11} {endpoint.Host}:{endpoint.Port} ({watch.ElapsedMilliseconds} ms)");
                Console.WriteLine(secure
                    ? $"✔ {"tls",-11} {(endpoint.Security == MailSecurity.Ssl ? "implicit TLS" : "STARTTLS")}{(endpoint.AcceptInvalidCertificate ? ", certificate not checked (--insecure)" : ", certificate valid")}"
                    : $"- {"tls",-11} none (security none)");
                Console.WriteLine($"✔ {"greeting",-11} {greeting()}");
                return true;
            }
            catch (MailProtocolException e) when (e.Kind == MailErrorKind.TlsFailure)
            {
                Console.WriteLine($"✔ {"connect",-11} {endpoint.Host}:{endpoint.Port}");
                Fail("tls", e);
                if (!endpoint.AcceptInvalidCertificate)
                    Console.WriteLine($"  {"",-11} (a self-signed certificate on your own server: add --insecure)");
                return false;
            }
            catch (Exception e) when (e is MailProtocolException or TimeoutException or IOException)
            {
                Fail("connect", e);
                return false;
            }
        }

        private void Fail(string step, Exception e)
        {
            Failed = true;
            var kind = e is MailProtocolException m ? m.Kind.ToString() : e is TimeoutException ? "Timeout" : e.GetType().Name;
            Console.WriteLine($"✘ {step,-11} [{kind}] {e.Message}");
        }
    }
}
