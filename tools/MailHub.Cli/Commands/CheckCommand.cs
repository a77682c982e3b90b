using MailHub.Mail.Diagnostics;
using MailHub.Mail.Net;

namespace MailHub.Cli.Commands;

/// <summary>
/// mailhub check imap|pop3|smtp --host H [--port P] [--security ssl|starttls|none] --user U --password W [--insecure] [--verbose]
/// Runs resolve → connect → TLS → greeting → login → open INBOX (SMTP: EHLO capabilities + AUTH) with the same
/// <see cref="MailCheck"/> as the mailbox connection test, and prints each step as it completes.
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
        var request = new MailCheckRequest(ProtocolOf(options.Protocol), options.Endpoint, options.User, options.Token ?? options.Password)
        {
            OAuth2 = options.Token is not null,
        };
        var steps = await MailCheck.RunAsync(request, step => Print(step, options.Endpoint));
        var failed = steps.Any(s => !s.Ok);
        Console.WriteLine(failed ? "FAILED" : "OK: all steps passed");
        return failed ? 1 : 0;
    }

    /// <summary>"✔ step  detail (ms)", "- step  detail" for a warning, or "✘ step  [kind] actionable error".</summary>
    private static void Print(MailCheckStep step, MailEndpoint endpoint)
    {
        var name = step.Name == MailCheck.OpenFolder ? $"open {step.Folder}" : step.Name;
        switch (step.Status)
        {
            case MailCheckStatus.Passed:
                var timed = step.Name is MailCheck.Tls or MailCheck.Greeting ? "" : $" ({(long)step.Elapsed.TotalMilliseconds} ms)";
                Console.WriteLine($"✔ {name,-11} {step.Detail}{timed}");
                break;
            case MailCheckStatus.Warning:
                Console.WriteLine($"- {name,-11} {step.Detail}");
                break;
            default:
                Console.WriteLine($"✘ {name,-11} [{step.ErrorKind}] {step.Detail}");
                if (step.Name == MailCheck.Tls && !endpoint.AcceptInvalidCertificate)
                    Console.WriteLine($"  {"",-11} (a self-signed certificate on your own server: add --insecure)");
                break;
        }
    }

    private static MailProtocol ProtocolOf(string protocol) => protocol switch
    {
        "imap" => MailProtocol.Imap,
        "pop3" => MailProtocol.Pop3,
        _ => MailProtocol.Smtp,
    };

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
        var port = values.TryGetValue("--port", out var p) && int.TryParse(p, out var parsed) ? parsed : MailCheck.DefaultPort(ProtocolOf(protocol), security.Value);
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
}
