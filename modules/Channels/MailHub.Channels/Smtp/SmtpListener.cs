using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailHub.Channels.Inbound;
using MailHub.Mail.Smtp.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;

namespace MailHub.Channels.Smtp;

/// <summary>
/// Runs the embedded SMTP server for the host's lifetime, with the settings of <c>MailHub:Smtp</c>:
/// messages go to the inbound store, recipients must be served by MailHub, AUTH checks relay accounts.
/// </summary>
internal sealed class SmtpListener(
    IOptions<SmtpServerOptions> serverOptions,
    IOptions<SmtpListenerOptions> listenerOptions,
    InboundMessageStore store,
    ServedRecipientPolicy recipientPolicy,
    RelayAccountAuthenticator authenticator,
    SmtpRefusals refusals,
    ISmtpFaults faults,
    ILogger<SmtpListener> logger) : IHostedService, IAsyncDisposable
{
    private BoundedSmtpServer? _server;

    public bool Enabled => listenerOptions.Value.Enabled;

    /// <summary>The configured endpoints by name, with the address each is bound to (null when it is not listening).</summary>
    public IReadOnlyList<(string Name, IPEndPoint? Bound)> Listeners
    {
        get
        {
            var bound = _server?.ListeningEndpoints ?? [];
            var configured = serverOptions.Value.Endpoints.Count > 0 ? serverOptions.Value.Endpoints : [new SmtpEndpointOptions()];
            return [.. configured.Select((e, i) => (e.Name ?? $"{e.Address}:{e.Port}", i < bound.Count ? bound[i] : null))];
        }
    }

    /// <summary>Where the server listens, with the ports actually bound (port 0 picks a free one).</summary>
    public IReadOnlyList<IPEndPoint> ListeningEndpoints => _server?.ListeningEndpoints ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            logger.LogInformation("The SMTP listener is turned off (MailHub:Smtp:Enabled = false)");
            return;
        }

        var options = serverOptions.Value;
        ConfigureCertificate(options, listenerOptions.Value);
        var server = new BoundedSmtpServer(options, store, recipientPolicy, authenticator) { Faults = faults }; // the sandbox's (Sandbox/Chaos)
        server.SessionFaulted += (_, e) => LogFault(e);
        server.Refused += refusals.Add;
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            // The host keeps serving the API; /health reports the listener down until this is fixed.
            logger.LogError(e, "The SMTP listener could not bind its endpoints ({Endpoints}); check MailHub:Smtp:Endpoints",
                string.Join(", ", Listeners.Select(l => l.Name)));
            return;
        }

        _server = server;
        foreach (var endpoint in server.ListeningEndpoints)
            logger.LogInformation("SMTP listening on {Endpoint}", endpoint);
    }

    // The host stops, then disposes: the server is stopped once, by whichever comes first.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
            await server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private void LogFault(SessionFaultedEventArgs e)
    {
        // A client that hangs up or fails its TLS handshake is no fault of ours.
        if (e.Exception is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
            logger.LogDebug(e.Exception, "SMTP session {Session} from {Client} ended", e.Context.SessionId, SessionFacts.Of(e.Context).ClientAddress);
        else
            logger.LogError(e.Exception, "SMTP session {Session} from {Client} failed", e.Context.SessionId, SessionFacts.Of(e.Context).ClientAddress);
    }

    private static void ConfigureCertificate(SmtpServerOptions options, SmtpListenerOptions listener)
    {
        if (options.Certificate is not null)
            return;
        if (!string.IsNullOrWhiteSpace(listener.CertificateFile))
        {
            options.Certificate = X509CertificateLoader.LoadPkcs12FromFile(listener.CertificateFile, listener.CertificatePassword);
            return;
        }
        // The server makes a self-signed certificate once and keeps it here.
        options.CertificatePath ??= Path.GetFullPath(listener.CertificatePath);
    }
}
