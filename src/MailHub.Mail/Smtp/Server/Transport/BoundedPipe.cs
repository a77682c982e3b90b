using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>
/// One connection as the engine sees it: our <see cref="GuardedReader"/> and <see cref="ReplyWatcher"/>
/// over the socket, upgraded to TLS on STARTTLS (RFC 3207) or at once on an implicit-TLS endpoint (RFC 8314).
/// </summary>
internal sealed class BoundedPipe : ISecurableDuplexPipe
{
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly SslStreamCertificateContext? _certificate;
    private readonly SessionFacts _facts;
    private readonly Action _onDispose;
    private readonly CancellationTokenSource _session;
    private Stream _stream;
    private int _disposed;

    public BoundedPipe(Socket socket, SmtpServerOptions options, SmtpEndpointOptions endpoint, DataBudget budget, SslStreamCertificateContext? certificate, SessionFacts facts, RefusalReporter? refusals, CancellationToken stopping, Action onDispose)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        _stream = _network;
        _certificate = certificate;
        _facts = facts;
        _onDispose = onDispose;
        Options = options;
        Endpoint = endpoint;
        Budget = budget;
        Stopping = stopping;
        Writer = new ReplyWatcher(CreateWriter(_network), facts, refusals);
        Reader = new GuardedReader(this, CreateReader(_network));
        Writer.HangUp = Drop;

        // The session's time limit is kept here, so that the client hears 421 4.4.2; the engine's own
        // limit (later) would end the session silently. A read in progress returns at once.
        _session = new CancellationTokenSource(options.SessionTimeout);
        _session.Token.UnsafeRegister(static reader => ((GuardedReader)reader!).CancelPendingRead(), Reader);
    }

    /// <summary>True once the session has lasted <see cref="SmtpServerOptions.SessionTimeout"/>.</summary>
    public bool SessionExpired => _session.IsCancellationRequested;

    public SmtpServerOptions Options { get; }

    public SmtpEndpointOptions Endpoint { get; }

    public DataBudget Budget { get; }

    /// <summary>Fires when the server stops: idle clients are told 421 4.3.2 (RFC 5321 §3.8).</summary>
    public CancellationToken Stopping { get; }

    public GuardedReader Reader { get; }

    public ReplyWatcher Writer { get; }

    public PipeReader Input => Reader;

    public PipeWriter Output => Writer;

    public bool IsSecure => _stream is SslStream;

    public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        // Whatever the client sent after STARTTLS in plain text is dropped unread with the plain-text
        // reader, never executed after the handshake (the command injection of CVE-2011-0411).
        await Reader.Inner.CompleteAsync();
        var tls = new SslStream(_network, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.TlsHandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificateContext = _certificate, ClientCertificateRequired = false },
                timeout.Token);
        }
        catch
        {
            await tls.DisposeAsync();
            Reader.Close();
            Writer.Close();
            throw;
        }

        _stream = tls;
        Reader.Replace(CreateReader(tls));
        Writer.Replace(CreateWriter(tls));

        // RFC 3207 §4.2: forget what was learnt before TLS; the client must send EHLO again.
        Reader.GreetingRequired = true;
        _facts.ForgetGreeting();
    }

    /// <summary>A last reply of the transport's own, then the connection is closed. <paramref name="stage"/>: for a refusal's report.</summary>
    internal async ValueTask HangUpAsync(string reply, CancellationToken cancellationToken, string stage = "session")
    {
        Reader.Close();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await Writer.ReplyAsync(reply, timeout.Token, stage);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the client may be gone already.
        }

        Writer.Close();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes the connection without a word (an injected drop): the engine's next read finds it closed.</summary>
    private void Drop()
    {
        Reader.Close();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _session.Dispose();
            _stream.Dispose();
            _network.Dispose();
        }
        finally
        {
            _onDispose();
        }
    }

    private static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));

    private static PipeWriter CreateWriter(Stream stream) =>
        PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4 * 1024, leaveOpen: true));
}
