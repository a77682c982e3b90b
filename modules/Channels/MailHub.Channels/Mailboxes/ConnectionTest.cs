using System.Net;
using System.Net.Sockets;
using MailHub.Channels.Outbox;
using MailHub.Mail.Imap;
using MailHub.Mail.Net;
using MailHub.Mail.Pop3;
using MailHub.Mail.Smtp.Client;
using Microsoft.Extensions.Options;

namespace MailHub.Channels.Mailboxes;

/// <summary>One step of a connection test: what was tried, whether it worked, and what to do when it did not.</summary>
internal sealed record TestStep(string Step, string Server, bool Ok, string Message);

/// <summary>
/// Tries a mailbox's servers the way the workers will use them: resolve → connect → TLS → login →
/// open each folder, then the same for SMTP. Failures carry the clients' classified, provider-aware messages.
/// </summary>
internal sealed class ConnectionTest(SmtpDelivery smtp, IOptions<OutboundOptions> outbound)
{
    public async Task<IReadOnlyList<TestStep>> RunAsync(Mailbox mailbox, MailboxSecrets secrets, CancellationToken cancellationToken)
    {
        var steps = new List<TestStep>();
        var config = mailbox.Config;
        if (config.Inbound is { } inbound)
        {
            await TestInboundAsync(steps, config, inbound, secrets.Inbound ?? "", cancellationToken);
        }
        else
        {
            steps.Add(new TestStep("inbound", mailbox.Address, true, config.Protocol == InboundProtocols.Sandbox
                ? $"Sandbox: mail sent to {mailbox.Address} through MailHub's SMTP listener arrives here."
                : $"Relay: forward mail for {mailbox.Address} to MailHub's SMTP listener; the address is claimed."));
        }

        if (mailbox.IsSandbox || outbound.Value.Capture)
        {
            steps.Add(new TestStep("smtp", "sandbox", true,
                "Outgoing mail is captured in the sandbox and never leaves the machine (sandbox mailbox or MailHub:Outbound:Capture)."));
        }
        else if (smtp.ServerFor(mailbox, secrets) is { } server)
        {
            await TestSmtpAsync(steps, server.Server, server.Secret, mailbox.Config.Outbound is null, cancellationToken);
        }
        else
        {
            steps.Add(new TestStep("smtp", "", false,
                "No outgoing server: add outbound (host, port, security, password) to the mailbox, or set MailHub:Outbound:DefaultRelay."));
        }
        return steps;
    }

    private static async Task TestInboundAsync(List<TestStep> steps, MailboxConfig config, ServerSettings server, string secret, CancellationToken ct)
    {
        var name = $"{server.Host}:{server.Port}";
        if (!await ResolveAsync(steps, "resolve", server, ct))
            return;
        var endpoint = server.ToEndpoint(TimeSpan.FromSeconds(30));
        if (config.Protocol == InboundProtocols.Imap)
        {
            ImapClient client;
            try
            {
                client = await ImapClient.ConnectAsync(endpoint, ct);
            }
            catch (Exception e) when (IsMailFailure(e))
            {
                AddConnectFailure(steps, "", name, server, e);
                return;
            }
            await using (client)
            {
                AddConnected(steps, "", name, server, client.IsSecure, $"capabilities: {string.Join(' ', client.Capabilities.Take(10))}");
                if (!await StepAsync(steps, "login", name, async () =>
                    {
                        if (server.Auth == "oauth2")
                            await client.AuthenticateOAuth2Async(server.Username, secret, ct);
                        else
                            await client.LoginAsync(server.Username, secret, ct);
                        return $"Logged in as {server.Username}.";
                    }))
                    return;
                foreach (var folder in config.Folders)
                {
                    await StepAsync(steps, "open folder", name, async () =>
                    {
                        var status = await client.ExamineAsync(folder, ct);
                        return $"{folder}: {status.Exists} messages (UIDVALIDITY {status.UidValidity}){(client.Supports("IDLE") ? "; IDLE offered: new mail shows within seconds" : "; no IDLE: polled")}.";
                    });
                }
                await QuietlyAsync(() => client.LogoutAsync(ct));
            }
        }
        else
        {
            Pop3Client client;
            try
            {
                client = await Pop3Client.ConnectAsync(endpoint, ct);
            }
            catch (Exception e) when (IsMailFailure(e))
            {
                AddConnectFailure(steps, "", name, server, e);
                return;
            }
            await using (client)
            {
                AddConnected(steps, "", name, server, client.IsSecure, $"capabilities: {string.Join(' ', client.Capabilities)}");
                if (!await StepAsync(steps, "login", name, async () =>
                    {
                        if (server.Auth == "oauth2")
                            await client.AuthenticateOAuth2Async(server.Username, secret, ct);
                        else
                            await client.LoginAsync(server.Username, secret, ct);
                        return $"Logged in as {server.Username}.";
                    }))
                    return;
                await StepAsync(steps, "open folder", name, async () =>
                {
                    var (count, size) = await client.StatAsync(ct);
                    return $"INBOX: {count} messages, {size:N0} bytes.";
                });
                await QuietlyAsync(() => client.QuitAsync(ct));
            }
        }
    }

    private static async Task TestSmtpAsync(List<TestStep> steps, ServerSettings server, string? secret, bool defaultRelay, CancellationToken ct)
    {
        var name = $"{server.Host}:{server.Port}" + (defaultRelay ? " (default relay)" : "");
        if (!await ResolveAsync(steps, "smtp resolve", server, ct))
            return;
        SmtpClient client;
        try
        {
            client = await SmtpClient.ConnectAsync(server.ToEndpoint(TimeSpan.FromSeconds(30)), ct);
        }
        catch (Exception e) when (IsMailFailure(e))
        {
            AddConnectFailure(steps, "smtp ", name, server, e);
            return;
        }
        await using (client)
        {
            AddConnected(steps, "smtp ", name, server, client.IsSecure, $"EHLO: {string.Join(' ', client.Capabilities.Extensions.Keys)}");
            if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(server.Username))
            {
                steps.Add(new TestStep("smtp login", name, true, "No credentials: sending without AUTH."));
            }
            else
            {
                await StepAsync(steps, "smtp login", name, async () =>
                {
                    if (server.Auth == "oauth2")
                        await client.AuthenticateOAuth2Async(server.Username, secret, ct);
                    else
                        await client.AuthenticateAsync(server.Username, secret, ct);
                    return $"AUTH accepted for {server.Username}.";
                });
            }
            await QuietlyAsync(() => client.QuitAsync(ct));
        }
    }

    private static async Task<bool> ResolveAsync(List<TestStep> steps, string step, ServerSettings server, CancellationToken ct)
    {
        try
        {
            var addresses = IPAddress.TryParse(server.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(server.Host, ct);
            steps.Add(new TestStep(step, server.Host, true, $"{server.Host} → {string.Join(", ", addresses.Take(4))}"));
            return true;
        }
        catch (SocketException e)
        {
            steps.Add(new TestStep(step, server.Host, false, $"Cannot resolve the host name '{server.Host}' ({e.Message}): check the spelling and the DNS."));
            return false;
        }
    }

    private static void AddConnected(List<TestStep> steps, string prefix, string name, ServerSettings server, bool secure, string detail)
    {
        steps.Add(new TestStep(prefix + "connect", name, true, $"Connected; {detail}."));
        steps.Add(new TestStep(prefix + "tls", name, true, secure
            ? $"Encrypted ({server.Security})."
            : "Not encrypted (security none): passwords cross the network in clear; prefer ssl or starttls."));
    }

    private static void AddConnectFailure(List<TestStep> steps, string prefix, string name, ServerSettings server, Exception e)
    {
        if (e is MailProtocolException { Kind: MailErrorKind.TlsFailure })
        {
            steps.Add(new TestStep(prefix + "connect", name, true, "Connected."));
            steps.Add(new TestStep(prefix + "tls", name, false, e.Message + (server.AcceptInvalidCertificate ? "" :
                " If the server uses its own or a self-signed certificate, set acceptInvalidCertificate.")));
            return;
        }
        var message = e is MailProtocolException ? e.Message
            : $"Cannot connect to {name} ({e.Message}): check the host, the port ({server.Security} usually uses {Providers.ProviderPresets.DefaultPort("imap", server.Security)}/{Providers.ProviderPresets.DefaultPort("smtp", server.Security)}) and any firewall.";
        steps.Add(new TestStep(prefix + "connect", name, false, message));
    }

    private static async Task<bool> StepAsync(List<TestStep> steps, string step, string name, Func<Task<string>> action)
    {
        try
        {
            steps.Add(new TestStep(step, name, true, await action()));
            return true;
        }
        catch (Exception e) when (IsMailFailure(e))
        {
            steps.Add(new TestStep(step, name, false, e.Message));
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

    private static bool IsMailFailure(Exception e) =>
        e is MailProtocolException or IOException or SocketException or TimeoutException or System.Security.Authentication.AuthenticationException;
}
