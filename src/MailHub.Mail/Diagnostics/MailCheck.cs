using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Globalization;
using MailHub.Mail.Clients;
using MailHub.Mail.Net;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;

namespace MailHub.Mail.Diagnostics;

public enum MailProtocol
{
    Imap,
    Pop3,
    Smtp,
}

public enum MailCheckStatus
{
    Passed,

    /// <summary>Works, but worth knowing: no TLS, or SMTP without credentials.</summary>
    Warning,

    Failed,
}

/// <summary>
/// One step of a check. <see cref="Name"/> is one of the <see cref="MailCheck"/> step names; <see cref="Detail"/> says
/// what was found or, for a failure, what went wrong and what to do (the clients' classified, provider-aware messages).
/// </summary>
public sealed record MailCheckStep(string Name, MailCheckStatus Status, string Detail)
{
    /// <summary>The folder of an <see cref="MailCheck.OpenFolder"/> step.</summary>
    public string? Folder { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>For a failure: the <see cref="MailErrorKind"/>, "Timeout", or the exception's type name.</summary>
    public string? ErrorKind { get; init; }

    public bool Ok => Status != MailCheckStatus.Failed;
}

/// <summary>What to check. <see cref="Secret"/> is the password (or authorization code), or with <see cref="OAuth2"/> an access token.</summary>
public sealed record MailCheckRequest(MailProtocol Protocol, MailEndpoint Endpoint, string User, string? Secret)
{
    public bool OAuth2 { get; init; }

    /// <summary>IMAP folders to open (EXAMINE, read-only); POP3 has only INBOX.</summary>
    public IReadOnlyList<string> Folders { get; init; } = ["INBOX"];
}

/// <summary>
/// Checks a mail server the way MailHub will use it, step by step: resolve → connect → TLS → greeting (capabilities or
/// EHLO) → login → open each folder (IMAP EXAMINE, POP3 STAT); SMTP stops after AUTH. It stops at the first failing
/// step, except that every folder is tried. Shared by the mailbox connection test and `mailhub check`, which each
/// phrase the steps for their readers.
/// </summary>
public static class MailCheck
{
    public const string Resolve = "resolve";
    public const string Connect = "connect";
    public const string Tls = "tls";
    public const string Greeting = "greeting";
    public const string Login = "login";
    public const string OpenFolder = "open folder";

    /// <summary>Runs the check; <paramref name="onStep"/> sees each step as soon as it is known (for live output).</summary>
    public static async Task<IReadOnlyList<MailCheckStep>> RunAsync(MailCheckRequest request, Action<MailCheckStep>? onStep = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new Run(request.Endpoint, onStep);
        if (await ResolveAsync(run, request.Endpoint, ct))
        {
            await (request.Protocol switch
            {
                MailProtocol.Imap => CheckImapAsync(run, request, ct),
                MailProtocol.Pop3 => CheckPop3Async(run, request, ct),
                _ => CheckSmtpAsync(run, request, ct),
            });
        }
        return run.Steps;
    }

    /// <summary>The usual port of a protocol with a security mode (993/143, 995/110, 465/587).</summary>
    public static int DefaultPort(MailProtocol protocol, MailSecurity security) => (protocol, security) switch
    {
        (MailProtocol.Imap, MailSecurity.Ssl) => 993,
        (MailProtocol.Imap, _) => 143,
        (MailProtocol.Pop3, MailSecurity.Ssl) => 995,
        (MailProtocol.Pop3, _) => 110,
        (_, MailSecurity.Ssl) => 465,
        (_, MailSecurity.StartTls) => 587,
        _ => 25,
    };

    private static async Task CheckImapAsync(Run run, MailCheckRequest request, CancellationToken ct)
    {
        var endpoint = request.Endpoint;
        using var client = ImapSession.Create(endpoint);
        if (!await run.ConnectAsync(request, () => client.ConnectAsync(endpoint, ct), () => client.IsSecure,
                () => $"capabilities: {string.Join(' ', Names(client.Capabilities).Take(12))}"))
            return;
        if (!await run.StepAsync(Login, null, async () =>
            {
                var id = await client.LoginImapAsync(endpoint, request.User, request.Secret ?? "", request.OAuth2, ct);
                return $"logged in as {request.User}" + (id?.Name is { } n ? $" (server: {n})" : "");
            }))
            return;
        foreach (var name in request.Folders)
        {
            await run.StepAsync(OpenFolder, name, async () =>
            {
                var folder = await client.OpenFolderAsync(endpoint, name, FolderAccess.ReadOnly, ct);
                var status = $"{folder.Count} messages, UIDVALIDITY {folder.UidValidity}, UIDNEXT {folder.UidNext?.Id ?? 0}"
                    + (client.Capabilities.HasFlag(ImapCapabilities.Idle) ? "; IDLE offered: new mail shows within seconds" : "; no IDLE: polled");
                await QuietlyAsync(() => folder.CloseAsync(false, ct));
                return status;
            });
        }
        await client.DisconnectQuietlyAsync(ct);
    }

    private static async Task CheckPop3Async(Run run, MailCheckRequest request, CancellationToken ct)
    {
        var endpoint = request.Endpoint;
        using var client = Pop3Session.Create(endpoint);
        if (!await run.ConnectAsync(request, () => client.ConnectAsync(endpoint, ct), () => client.IsSecure,
                () => $"capabilities: {string.Join(' ', Names(client.Capabilities))}"))
            return;
        if (!await run.StepAsync(Login, null, async () =>
            {
                await client.LoginAsync(endpoint, request.User, request.Secret ?? "", request.OAuth2, ct);
                return $"logged in as {request.User}";
            }))
            return;
        await run.StepAsync(OpenFolder, "INBOX", async () =>
        {
            try
            {
                var count = await client.GetMessageCountAsync(ct);
                var size = count == 0 ? 0 : (await client.GetMessageSizesAsync(ct)).Sum(s => (long)s);
                return $"{count} messages, {size:N0} bytes";
            }
            catch (Exception e) when (IsMailFailure(e))
            {
                throw MailErrors.Translate(e, endpoint);
            }
        });
        await client.DisconnectQuietlyAsync(ct);
    }

    private static async Task CheckSmtpAsync(Run run, MailCheckRequest request, CancellationToken ct)
    {
        var endpoint = request.Endpoint;
        using var client = new SmtpClient(ProtocolLogLines.For(endpoint));
        if (!await run.ConnectAsync(request, () => client.ConnectAsync(endpoint, ct), () => client.IsSecure, () => "EHLO: " + Extensions(client)))
            return;
        if (string.IsNullOrEmpty(request.Secret) || string.IsNullOrEmpty(request.User))
        {
            run.Add(new MailCheckStep(Login, MailCheckStatus.Warning, "no credentials: sending without AUTH"));
        }
        else
        {
            await run.StepAsync(Login, null, async () =>
            {
                await client.LoginAsync(endpoint, request.User, request.Secret, request.OAuth2, ct);
                return $"AUTH accepted for {request.User}";
            });
        }
        await client.DisconnectQuietlyAsync(ct);
    }

    /// <summary>The EHLO extensions as the server named them (RFC 5321 §4.1.1.1), with AUTH's mechanisms and SIZE's limit.</summary>
    private static string Extensions(SmtpClient client)
    {
        var names = Names(client.Capabilities).Where(n => n is not ("Authentication" or "Size")).ToList();
        if (client.Capabilities.HasFlag(SmtpCapabilities.Size))
            names.Insert(0, client.MaxSize > 0 ? $"SIZE={client.MaxSize}" : "SIZE");
        if (client.AuthenticationMechanisms.Count > 0)
            names.Insert(0, "AUTH=" + string.Join(',', client.AuthenticationMechanisms));
        return string.Join(' ', names);
    }

    private static IEnumerable<string> Names<T>(T flags) where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToUInt64(f, CultureInfo.InvariantCulture) != 0 && flags.HasFlag(f)).Select(f => f.ToString());

    private static async Task<bool> ResolveAsync(Run run, MailEndpoint endpoint, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
            run.Add(new MailCheckStep(Resolve, MailCheckStatus.Passed, $"{endpoint.Host} → {string.Join(", ", addresses.Take(4))}") { Elapsed = watch.Elapsed });
            return true;
        }
        catch (SocketException e)
        {
            run.Add(new MailCheckStep(Resolve, MailCheckStatus.Failed,
                $"Cannot resolve the host name '{endpoint.Host}' ({e.Message}): check the spelling and the DNS.") { ErrorKind = nameof(MailErrorKind.CannotConnect) });
            return false;
        }
    }

    private static async Task QuietlyAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (IsMailFailure(e))
        {
        }
    }

    private static bool IsMailFailure(Exception e) => MailErrors.IsMailFailure(e);

    private static string KindOf(Exception e) => e switch
    {
        MailProtocolException m => m.Kind.ToString(),
        TimeoutException => "Timeout",
        _ => e.GetType().Name,
    };

    private sealed class Run(MailEndpoint endpoint, Action<MailCheckStep>? onStep)
    {
        public List<MailCheckStep> Steps { get; } = [];

        public void Add(MailCheckStep step)
        {
            Steps.Add(step);
            onStep?.Invoke(step);
        }

        public async Task<bool> StepAsync(string name, string? folder, Func<Task<string>> action)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                Add(new MailCheckStep(name, MailCheckStatus.Passed, await action()) { Folder = folder, Elapsed = watch.Elapsed });
                return true;
            }
            catch (Exception e) when (IsMailFailure(e))
            {
                var failure = MailErrors.Translate(e, endpoint);
                Add(new MailCheckStep(name, MailCheckStatus.Failed, failure.Message) { Folder = folder, Elapsed = watch.Elapsed, ErrorKind = KindOf(failure) });
                return false;
            }
        }

        /// <summary>
        /// Connects with <paramref name="connect"/> and reports connect, TLS and greeting (one call of the
        /// client, shown as separate steps); false, with the failure reported, when it failed.
        /// </summary>
        public async Task<bool> ConnectAsync(MailCheckRequest request, Func<Task> connect, Func<bool> isSecure, Func<string> greeting)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await connect();
            }
            catch (Exception e) when (IsMailFailure(e))
            {
                ConnectFailed(request, e is MailProtocolException or TimeoutException ? e : MailErrors.Translate(e, request.Endpoint), watch.Elapsed);
                return false;
            }
            Connected(request.Endpoint, isSecure(), watch.Elapsed, greeting());
            return true;
        }

        private void Connected(MailEndpoint endpoint, bool secure, TimeSpan elapsed, string greeting)
        {
            Add(new MailCheckStep(Connect, MailCheckStatus.Passed, $"{endpoint.Host}:{endpoint.Port}") { Elapsed = elapsed });
            Add(secure
                ? new MailCheckStep(Tls, MailCheckStatus.Passed, (endpoint.Security == MailSecurity.Ssl ? "implicit TLS" : "STARTTLS")
                    + (endpoint.AcceptInvalidCertificate ? ", certificate not checked" : ", certificate valid"))
                : new MailCheckStep(Tls, MailCheckStatus.Warning, "none (security none): passwords cross the network in clear; prefer ssl or starttls"));
            Add(new MailCheckStep(Greeting, MailCheckStatus.Passed, greeting));
        }

        private void ConnectFailed(MailCheckRequest request, Exception e, TimeSpan elapsed)
        {
            var endpoint = request.Endpoint;
            if (e is MailProtocolException { Kind: MailErrorKind.TlsFailure })
            {
                Add(new MailCheckStep(Connect, MailCheckStatus.Passed, $"{endpoint.Host}:{endpoint.Port}"));
                Add(new MailCheckStep(Tls, MailCheckStatus.Failed, e.Message) { Elapsed = elapsed, ErrorKind = KindOf(e) });
                return;
            }
            var message = e is MailProtocolException ? e.Message
                : $"Cannot connect to {endpoint.Host}:{endpoint.Port} ({e.Message}): check the host, the port ({endpoint.Security} usually uses "
                  + $"{DefaultPort(request.Protocol, endpoint.Security)}) and any firewall.";
            Add(new MailCheckStep(Connect, MailCheckStatus.Failed, message) { Elapsed = elapsed, ErrorKind = KindOf(e) });
        }
    }
}
