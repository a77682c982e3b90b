using MailHub.Channels.Outbox;
using MailHub.Mail.Diagnostics;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Mailboxes;

/// <summary>One step of a connection test: what was tried, whether it worked, and what to do when it did not.</summary>
internal sealed record TestStep(string Step, string Server, bool Ok, string Message);

/// <summary>
/// Tries a mailbox's servers the way the workers will use them: resolve → connect → TLS → login →
/// open each folder, then the same for SMTP, with the <see cref="MailCheck"/> `mailhub check` runs too.
/// Failures carry the clients' classified, provider-aware messages. Each step is also handed to the caller's
/// <c>progress</c> as soon as it is known, so a console can show them as they run.
/// </summary>
internal sealed class ConnectionTest(SmtpDelivery smtp, IOptions<OutboundOptions> outbound)
{
    public async Task<IReadOnlyList<TestStep>> RunAsync(Mailbox mailbox, MailboxSecrets secrets, CancellationToken cancellationToken,
        Action<TestStep>? progress = null)
    {
        var steps = new List<TestStep>();
        // The steps this method adds itself (sandbox, relay, no server) go to the progress too; the checks report theirs.
        void Add(TestStep step)
        {
            steps.Add(step);
            progress?.Invoke(step);
        }

        var config = mailbox.Config;
        if (config.Inbound is { } inbound)
        {
            await TestInboundAsync(steps, config, inbound, secrets.Inbound ?? "", progress, cancellationToken);
        }
        else
        {
            Add(new TestStep("inbound", mailbox.Address, true, config.Protocol == InboundProtocols.Sandbox
                ? $"Sandbox: mail sent to {mailbox.Address} through MailHub's SMTP listener arrives here."
                : $"Relay: forward mail for {mailbox.Address} to MailHub's SMTP listener; the address is claimed."));
        }

        if (mailbox.IsSandbox || outbound.Value.Capture)
        {
            Add(new TestStep("smtp", "sandbox", true,
                "Outgoing mail is captured in the sandbox and never leaves the machine (sandbox mailbox or MailHub:Outbound:Capture)."));
        }
        else if (smtp.ServerFor(mailbox, secrets) is { } server)
        {
            await TestSmtpAsync(steps, server.Server, server.Secret, mailbox.Config.Outbound is null, progress, cancellationToken);
        }
        else
        {
            Add(new TestStep("smtp", "", false,
                "No outgoing server: add outbound (host, port, security, password) to the mailbox, or set MailHub:Outbound:DefaultRelay."));
        }
        return steps;
    }

    private static async Task TestInboundAsync(List<TestStep> steps, MailboxConfig config, ServerSettings server, string secret,
        Action<TestStep>? progress, CancellationToken ct)
    {
        var protocol = config.Protocol == InboundProtocols.Imap ? MailProtocol.Imap : MailProtocol.Pop3;
        var request = new MailCheckRequest(protocol, server.ToEndpoint(TimeSpan.FromSeconds(30)), server.Username, secret)
        {
            OAuth2 = server.Auth == "oauth2",
            Folders = config.Folders,
        };
        var name = $"{server.Host}:{server.Port}";
        Report(steps, "", name, server, await MailCheck.RunAsync(request, Live(progress, "", name), ct));
    }

    private static async Task TestSmtpAsync(List<TestStep> steps, ServerSettings server, string? secret, bool defaultRelay,
        Action<TestStep>? progress, CancellationToken ct)
    {
        var request = new MailCheckRequest(MailProtocol.Smtp, server.ToEndpoint(TimeSpan.FromSeconds(30)), server.Username, secret)
        {
            OAuth2 = server.Auth == "oauth2",
        };
        var name = $"{server.Host}:{server.Port}" + (defaultRelay ? " (default relay)" : "");
        Report(steps, "smtp ", name, server, await MailCheck.RunAsync(request, Live(progress, "smtp ", name), ct));
    }

    /// <summary>
    /// The check's steps as they happen, for the caller's progress: named as in the report; the greeting, which the
    /// report tells with the connect step, is left out. The report that follows has the final wording.
    /// </summary>
    private static Action<MailCheckStep>? Live(Action<TestStep>? progress, string prefix, string name) =>
        progress is null ? null : check =>
        {
            if (check.Name != MailCheck.Greeting)
                progress(new TestStep(prefix + check.Name, name, check.Ok, Sentence(check.Detail)));
        };


    /// <summary>
    /// The shared check's steps as this API has always named them: "resolve", "connect" (with the greeting), "tls",
    /// "login", "open folder", prefixed "smtp " for the outgoing server; messages as sentences.
    /// </summary>
    private static void Report(List<TestStep> steps, string prefix, string name, ServerSettings server, IReadOnlyList<MailCheckStep> checks)
    {
        foreach (var check in checks)
        {
            var step = prefix + check.Name;
            switch (check.Name)
            {
                case MailCheck.Resolve:
                    steps.Add(new TestStep(step, server.Host, check.Ok, check.Detail)); // "host → addresses", or the failure
                    break;
                case MailCheck.Connect when check.Ok:
                    steps.Add(new TestStep(step, name, true, $"Connected to {check.Detail}."));
                    break;
                case MailCheck.Greeting: // told with the connect step, as this API always did
                    var connect = steps.FindLastIndex(s => s.Step == prefix + MailCheck.Connect);
                    if (connect >= 0)
                        steps[connect] = steps[connect] with { Message = $"{steps[connect].Message.TrimEnd('.')}; {check.Detail}." };
                    break;
                case MailCheck.Tls when !check.Ok && !server.AcceptInvalidCertificate:
                    steps.Add(new TestStep(step, name, false,
                        Sentence(check.Detail) + " If the server uses its own or a self-signed certificate, set acceptInvalidCertificate."));
                    break;
                case MailCheck.OpenFolder when check.Ok:
                    steps.Add(new TestStep(step, name, true, $"{check.Folder}: {check.Detail}."));
                    break;
                default:
                    steps.Add(new TestStep(step, name, check.Ok, Sentence(check.Detail)));
                    break;
            }
        }
    }

    /// <summary>Our own step texts start lower-case without a full stop (for the CLI's columns); the API speaks in sentences.</summary>
    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text[^1] is '.' or '!' or '?' ? "" : ".");
}
