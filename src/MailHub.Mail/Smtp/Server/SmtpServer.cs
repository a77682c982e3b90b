using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailHub.Mail.Smtp.Server.Session;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The embedded SMTP server: listens on the configured endpoints and runs one session per connection.
/// Messages go to the <see cref="IMessageStore"/>, recipients are checked by the <see cref="IRecipientPolicy"/>
/// (default: <see cref="AcceptDomainsRecipientPolicy"/>), AUTH by the <see cref="ISmtpAuthenticator"/>
/// (default: <see cref="RelayAccountsAuthenticator"/> when relay accounts are configured, else no AUTH).
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly SmtpServerOptions _options;
    private readonly IMessageStore _store;
    private readonly IRecipientPolicy _recipientPolicy;
    private readonly ISmtpAuthenticator? _authenticator;
    private readonly TimeProvider _time;
    private readonly ConnectionCounter _connections;
    private readonly ConcurrentDictionary<Task, byte> _sessions = new();
    private readonly List<(Socket Socket, Task Accepting)> _listeners = [];
    private CancellationTokenSource? _stopping;

    public SmtpServer(
        SmtpServerOptions options,
        IMessageStore store,
        IRecipientPolicy? recipientPolicy = null,
        ISmtpAuthenticator? authenticator = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _store = store;
        _recipientPolicy = recipientPolicy ?? new AcceptDomainsRecipientPolicy(options.AcceptDomains);
        _authenticator = authenticator ?? (options.RelayAccounts.Count > 0 ? new RelayAccountsAuthenticator(options.RelayAccounts) : null);
        _time = timeProvider ?? TimeProvider.System;
        _connections = new ConnectionCounter(options.MaxConnections, options.MaxConnectionsPerIp);
    }

    /// <summary>Where the server listens, with the ports actually bound (useful with port 0).</summary>
    public IReadOnlyList<IPEndPoint> ListeningEndpoints => [.. _listeners.Select(l => (IPEndPoint)l.Socket.LocalEndPoint!)];

    /// <summary>A session ended by an unexpected exception; the client got 421 4.3.0.</summary>
    public event EventHandler<SmtpSessionErrorEventArgs>? SessionError;

    /// <summary>Binds every endpoint and starts accepting. Throws if a port cannot be bound.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("The SMTP server is already started.");
        }

        var endpoints = _options.EffectiveEndpoints;
        foreach (var endpoint in endpoints)
        {
            if (endpoint.AuthRequired && _authenticator is null)
            {
                throw new InvalidOperationException(
                    $"SMTP endpoint {endpoint.DisplayName} requires AUTH but no authenticator is set: add RelayAccounts or pass an ISmtpAuthenticator.");
            }
        }

        SslStreamCertificateContext? certificate = null;
        if (endpoints.Any(e => e.TlsMode != SmtpTlsMode.None))
        {
            certificate = SslStreamCertificateContext.Create(ServerCertificate.Resolve(_options, _time), additionalCertificates: null);
        }

        _stopping = new CancellationTokenSource();
        try
        {
            foreach (var endpoint in endpoints)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var runtime = new SmtpEndpointRuntime(_options, endpoint, _store, _recipientPolicy, _authenticator, certificate, _time);
                var address = IPAddress.Parse(endpoint.Address);
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                socket.Bind(new IPEndPoint(address, endpoint.Port));
                socket.Listen(512);
                _listeners.Add((socket, AcceptLoopAsync(socket, runtime, _stopping.Token)));
            }
        }
        catch
        {
            foreach (var (socket, _) in _listeners)
            {
                socket.Dispose();
            }

            _listeners.Clear();
            _stopping.Dispose();
            _stopping = null;
            throw;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, tells clients 421 4.3.2 at their next read, and waits for sessions to end
    /// (a message being committed finishes first) until <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        // The host stops its services and then disposes them: a second, concurrent stop is a no-op.
        var stopping = Interlocked.Exchange(ref _stopping, null);
        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        foreach (var (socket, _) in _listeners)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_listeners.Select(l => l.Accepting));
        _listeners.Clear();
        try
        {
            await Task.WhenAll(_sessions.Keys).WaitAsync(cancellationToken);
        }
        finally
        {
            stopping.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptLoopAsync(Socket listener, SmtpEndpointRuntime runtime, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // the client reset before we accepted it
            }

            client.NoDelay = true; // replies are batched by the session; don't let Nagle delay them further
            var session = RunSessionAsync(client, runtime, stopping);
            _sessions.TryAdd(session, 0);
            _ = session.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _sessions, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunSessionAsync(Socket client, SmtpEndpointRuntime runtime, CancellationToken stopping)
    {
        await Task.Yield(); // off the accept loop
        SmtpSession session;
        try
        {
            session = new SmtpSession(runtime, client, stopping);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            client.Dispose(); // gone before we could look at it
            return;
        }

        await using (session)
        {
            var address = session.ClientAddress;
            if (runtime.Endpoint.RequireAllowedIp && !runtime.IsAllowed(address))
            {
                await session.RunAsync(ReportError, (554, "5.7.1", $"Connections from {address} are not accepted here"));
                return;
            }

            if (!_connections.TryEnter(address))
            {
                await session.RunAsync(ReportError, (421, "4.7.0", "Too many connections, try again later"));
                return;
            }

            try
            {
                await session.RunAsync(ReportError, refusal: null);
            }
            finally
            {
                _connections.Leave(address);
            }
        }
    }

    private void ReportError(ISmtpSessionContext session, Exception exception) =>
        SessionError?.Invoke(this, new SmtpSessionErrorEventArgs(session, exception));
}
