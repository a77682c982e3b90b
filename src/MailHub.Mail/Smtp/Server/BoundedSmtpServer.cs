using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using MailHub.Mail.Smtp.Server.Transport;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Engine = SmtpServer.SmtpServer;
using EngineServices = SmtpServer.ComponentModel.ServiceProvider;

namespace MailHub.Mail.Smtp.Server;

/// <summary>
/// The embedded SMTP server: the SmtpServer package's engine (commands, state, AUTH) on our bounded
/// transport (<see cref="BoundedListener"/>, <see cref="BoundedPipe"/>). The host gives it the
/// engine's message store, mailbox filter and (optionally) user authenticator.
/// </summary>
public sealed class BoundedSmtpServer : IAsyncDisposable, IDisposable
{
    private readonly SmtpServerOptions _options;
    private readonly IMessageStore _store;
    private readonly IMailboxFilter _filter;
    private readonly IUserAuthenticator? _authenticator;
    private readonly TimeProvider _time;
    private readonly List<BoundedListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private Engine? _engine;
    private Task? _running;

    public BoundedSmtpServer(SmtpServerOptions options, IMessageStore store, IMailboxFilter filter, IUserAuthenticator? authenticator = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        _options = options;
        _store = store;
        _filter = filter;
        _authenticator = authenticator;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The QA sandbox's failure injection, asked at each stage of a session (the greeting, EHLO/HELO, AUTH, MAIL, RCPT, end of
    /// DATA); set before <see cref="StartAsync"/>. Null injects nothing.
    /// </summary>
    public ISmtpFaults? Faults { get; set; }

    /// <summary>Where the server listens, with the ports actually bound (useful with port 0), in the order of the endpoints.</summary>
    public IReadOnlyList<IPEndPoint> ListeningEndpoints => [.. _listeners.Select(l => l.LocalEndPoint)];

    /// <summary>A session ended by an exception the engine did not handle (a failed TLS handshake among them).</summary>
    public event EventHandler<SessionFaultedEventArgs>? SessionFaulted;

    /// <summary>
    /// A client was told 4xx or 5xx (a connection refused, a failed AUTH, a recipient refused ...). Raised on the session's
    /// own thread while it writes the reply: a handler keeps it short and never throws.
    /// </summary>
    public event Action<SmtpRefusal>? Refused;

    /// <summary>Binds every endpoint and starts accepting. Throws if a port cannot be bound.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_engine is not null)
        {
            throw new InvalidOperationException("The SMTP server is already started.");
        }

        var endpoints = _options.EffectiveEndpoints;
        if (endpoints.Any(e => e.AuthRequired) && _authenticator is null)
        {
            throw new InvalidOperationException("An SMTP endpoint requires AUTH but no authenticator is set.");
        }

        var certificate = endpoints.Any(e => e.TlsMode != SmtpTlsMode.None) ? ServerCertificate.Resolve(_options, _time) : null;
        var context = certificate is null ? null : SslStreamCertificateContext.Create(certificate, additionalCertificates: null);
        var connections = new ConnectionCounter(_options.MaxConnections, _options.MaxConnectionsPerIp);
        var budget = new DataBudget(_options.EffectiveMaxInFlightBytes);
        var refusals = new RefusalReporter(_time, refusal => Refused?.Invoke(refusal));
        var builder = new SmtpServerOptionsBuilder()
            .ServerName(_options.ServerName)
            .MaxMessageSize((int)Math.Min(_options.MaxMessageSize, int.MaxValue))
            // The transport counts failed commands and says 421 4.7.0 at MaxBadCommands; the engine, which
            // would hang up silently (or with 221 after failed AUTHs), only ever reaches its limits after that.
            .MaxRetryCount(_options.MaxBadCommands + 1)
            .MaxAuthenticationAttempts(_options.MaxBadCommands + 1)
            .CommandWaitTimeout(_options.CommandTimeout)
            .CustomSmtpGreeting(Greeting);
        var byDefinition = new Dictionary<IEndpointDefinition, BoundedListener>();
        try
        {
            foreach (var endpoint in endpoints)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var listener = new BoundedListener(Bind(endpoint), endpoint, _options, connections, budget,
                    endpoint.TlsMode == SmtpTlsMode.None ? null : context, refusals, _stopping.Token);
                _listeners.Add(listener);
                var definition = new EndpointDefinitionBuilder()
                    .Endpoint(listener.LocalEndPoint)
                    .IsSecure(endpoint.TlsMode == SmtpTlsMode.Implicit)
                    .AuthenticationRequired(endpoint.AuthRequired)
                    .AllowUnsecureAuthentication(endpoint.AllowInsecureAuth)
                    .SessionTimeout(_options.SessionTimeout + TimeSpan.FromMinutes(1)) // the transport's limit comes first, with a 421
                    .SupportedSslProtocols(SslProtocols.None) // the system's choice; BoundedPipe does the handshake
                    .Certificate(endpoint.TlsMode == SmtpTlsMode.None ? null : certificate)
                    .Build();
                byDefinition[definition] = listener;
                builder.Endpoint(definition);
            }
        }
        catch
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _listeners.Clear();
            throw;
        }

        var services = new EngineServices();
        services.Add(new ListenerFactory(byDefinition));
        services.Add(new MailHubCommandFactory());
        var faults = Faults;
        services.Add(faults is null ? _store : new SmtpFaultPoints.Store(_store, faults));
        services.Add(new RecipientLimit(faults is null ? _filter : new SmtpFaultPoints.Filter(_filter, faults), _options.MaxRecipients));
        if (_authenticator is not null)
        {
            services.Add((IUserAuthenticator)new NamedAuthenticator(_authenticator, faults));
        }

        var engine = new Engine(builder.Build(), services);
        engine.SessionFaulted += (sender, e) => SessionFaulted?.Invoke(this, e);
        if (faults is not null)
        {
            // EHLO/HELO: the engine raises CommandExecuting inside its command loop, so a reply thrown here is written as the
            // command's reply (and its state stays where it was).
            engine.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
            {
                if (c.Command is EhloCommand or HeloCommand)
                {
                    var facts = SessionFacts.Of(c.Context);
                    var name = c.Command is EhloCommand ehlo ? ehlo.DomainOrAddress : ((HeloCommand)c.Command).DomainOrAddress;
                    SmtpFaultPoints.Apply(facts, faults.Decide(SmtpFaultStage.Ehlo, facts, [name]));
                }
            };
        }
        _engine = engine;
        // The local, not the field: a stop that comes before this task runs clears the field.
        _running = Task.Run(() => engine.StartAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, cancels the sessions, and waits for them to end until <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var engine = Interlocked.Exchange(ref _engine, null);
        if (engine is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        engine.Shutdown();
        if (_running is not null)
        {
            await _running.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    void IDisposable.Dispose() => _stopping.Dispose();

    private static Socket Bind(SmtpEndpointOptions endpoint)
    {
        var address = IPAddress.Parse(endpoint.Address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, endpoint.Port));
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The greeting (RFC 5321 §4.2), or the reply a sandbox fault puts in its place; the connection is then closed
    /// (<see cref="SmtpFault.CloseAfter"/>). A delay or drop waits for the greeting's flush.
    /// </summary>
    private string Greeting(ISessionContext context)
    {
        var greeting = $"220 {_options.ServerName} ESMTP MailHub";
        if (Faults is not { } faults)
        {
            return greeting;
        }

        var facts = SessionFacts.Of(context);
        var fault = faults.Decide(SmtpFaultStage.Connect, facts, [facts.ClientAddress.ToString()]);
        if (fault is null)
        {
            return greeting;
        }

        facts.PendingFault = fault with { CloseAfter = fault.Code != 0 };
        return fault.Code != 0 ? $"{fault.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)} {fault.ReplyText}" : greeting;
    }

    /// <summary>Keeps the user name a client gave (<see cref="SessionFacts.UserName"/>), for the refusals' reports and the envelope.</summary>
    private sealed class NamedAuthenticator(IUserAuthenticator inner, ISmtpFaults? faults) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            var facts = SessionFacts.Of(context);
            facts.UserName = user;
            if (faults is not null)
            {
                SmtpFaultPoints.Apply(facts, faults.Decide(SmtpFaultStage.Auth, facts, [user]));
            }

            return inner.AuthenticateAsync(context, user, password, cancellationToken);
        }
    }

    private sealed class ListenerFactory(IReadOnlyDictionary<IEndpointDefinition, BoundedListener> listeners) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => listeners[endpointDefinition];
    }
}
